package io.plumbline.status.projection;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The console's live stream: every item ({@link LiveStream}'s events, lines from sources that are not topics) is pushed
 * to every open Server-Sent Events connection; the last {@value #KEPT} are kept for a page that cannot read the
 * projection (database down).
 */
@Component
public class LiveFeed {

    static final int KEPT = 50;

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final Deque<Projection.FeedItem> recent = new ArrayDeque<>();
    /** Ids streamed lately (guarded by {@code recent}): Kafka delivers at least once, a stream shows an event once. */
    private final Set<String> streamed = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });

    public SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
        emitters.add(emitter);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        try {
            emitter.send(SseEmitter.event().name("hello").data("connected"));
        } catch (IOException e) {
            emitters.remove(emitter);
        }
        return emitter;
    }

    /**
     * Ends every open stream when the application begins to close: the web server's graceful shutdown otherwise waits
     * for these never-ending requests until its timeout (30 s). A browser's EventSource reconnects on its own.
     */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        emitters.forEach(SseEmitter::complete);
    }

    /** Pushes one item to every open stream (projected events, and lines from sources that are not topics). */
    public void publish(Projection.FeedItem item) {
        synchronized (recent) {
            if (item.id() != null && !streamed.add(item.id())) {
                return; // a redelivered event (same id): already on every open stream
            }
            recent.addFirst(item);
            if (recent.size() > KEPT) {
                recent.removeLast();
            }
        }
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().id(item.id()).name("event").data(item));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }
    }

    /** The newest items this instance has streamed, newest first. */
    public List<Projection.FeedItem> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
