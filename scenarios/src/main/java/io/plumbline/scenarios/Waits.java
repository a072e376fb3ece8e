package io.plumbline.scenarios;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.awaitility.core.ConditionTimeoutException;

/** Bounded waits of the scenarios (Awaitility underneath; nothing waits forever). */
final class Waits {

    private Waits() {
    }

    /** Waits (bounded) until {@code probe} reports a moment, and marks it on the timeline at that moment. */
    static void observe(Timeline timeline, String name, Duration timeout, java.util.function.Supplier<Optional<Instant>> probe) {
        try {
            Instant at = await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(probe::get, Optional::isPresent).get();
            timeline.mark(name, at);
        } catch (ConditionTimeoutException e) {
            System.out.println("  (not observed within " + timeout.toSeconds() + " s: " + name + ")");
        }
    }

    static void awaitQuietly(Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (ConditionTimeoutException e) {
            // the checks that follow say what is missing
        }
    }

    /** Lets the platform run for a while (bounded, interruptible). */
    static void pause(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        Instant until = Instant.now().plus(duration);
        await().atMost(duration.plusSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> Instant.now().isAfter(until));
    }
}
