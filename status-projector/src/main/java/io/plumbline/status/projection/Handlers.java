package io.plumbline.status.projection;

import io.plumbline.events.EventPayload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the projectors declared, by event type: the handlers to run and the event log's summary. A type declared by no
 * projector is still logged, with its type and subject as the summary; the registry test keeps that from happening.
 */
public final class Handlers {

    private final Map<Class<?>, List<Consumer<EventPayload>>> handlers = new LinkedHashMap<>();
    private final Map<Class<?>, Function<EventPayload, Summary>> summaries = new LinkedHashMap<>();
    private final Set<Class<?>> unlogged = new java.util.HashSet<>();

    Handlers() {
    }

    /** Runs {@code handler} for every event of {@code type}. */
    public <T extends EventPayload> Declaration<T> on(Class<T> type, Consumer<? super T> handler) {
        handlers.computeIfAbsent(type, t -> new ArrayList<>()).add(p -> handler.accept(type.cast(p)));
        return new Declaration<>(type);
    }

    /** Takes {@code type} into the event log only: it has no table of its own. */
    public <T extends EventPayload> Declaration<T> logged(Class<T> type) {
        handlers.computeIfAbsent(type, t -> new ArrayList<>());
        return new Declaration<>(type);
    }

    /** How the event log and the live stream show one declared type. */
    public final class Declaration<T extends EventPayload> {

        private final Class<T> type;

        private Declaration(Class<T> type) {
            this.type = type;
        }

        /** The event log's line for an event of this type. */
        public Declaration<T> summary(Function<? super T, Summary> summary) {
            if (summaries.putIfAbsent(type, p -> summary.apply(type.cast(p))) != null) {
                throw new IllegalStateException(type.getSimpleName() + " has two summaries");
            }
            return this;
        }

        /** Keeps events of this type out of the event log (they are too frequent and have a view of their own). */
        public Declaration<T> unlogged() {
            unlogged.add(type);
            return this;
        }
    }

    /** The event types some projector declared. */
    public Set<Class<?>> declared() {
        return Set.copyOf(handlers.keySet());
    }

    List<Consumer<EventPayload>> handlers(Class<?> type) {
        return handlers.getOrDefault(type, List.of());
    }

    Summary summary(EventPayload payload) {
        Function<EventPayload, Summary> summary = summaries.get(payload.getClass());
        return summary == null ? null : summary.apply(payload);
    }

    boolean inEventLog(Class<?> type) {
        return !unlogged.contains(type);
    }

    /** A line of the event log: its text and the severity that colours it. */
    public record Summary(String severity, String text) {

        public static Summary info(String text) {
            return new Summary("info", text);
        }

        public static Summary warning(String text) {
            return new Summary("warning", text);
        }

        public static Summary critical(String text) {
            return new Summary("critical", text);
        }
    }
}
