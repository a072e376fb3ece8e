package io.plumbline.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Asks a question of the platform at a steady interval in the background and keeps when the answer was yes, so a
 * scenario can tell when something became visible (the console showing a dead server) while it waits for other things.
 */
final class Sampler implements AutoCloseable {

    private final ScheduledExecutorService poller;
    private final List<Instant> yes = new CopyOnWriteArrayList<>();

    Sampler(String name, Duration interval, BooleanSupplier question) {
        poller = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "scenario-sampler-" + name);
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> {
            try {
                if (question.getAsBoolean()) {
                    yes.add(Instant.now()); // when the answer arrived: what a person watching would have seen then
                }
            } catch (RuntimeException e) {
                // no answer this time
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The first yes after {@code after}. */
    Optional<Instant> firstAfter(Instant after) {
        return yes.stream().filter(t -> t.isAfter(after)).findFirst();
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
