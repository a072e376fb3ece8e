package io.plumbline.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.resilience4j.core.IntervalFunction;

/**
 * Keeps the launcher's children running, as Kubernetes keeps a pod's containers running: a child that exits on its
 * own is restarted after an exponential back-off, with a console line for the crash and one for the restart. A child
 * that crashed more than {@link Policy#maxRestarts()} times within {@link Policy#window()} is in a crash loop: that is
 * reported once and the child is left down, since restarting it again would only hide the fault.
 */
final class Supervisor implements AutoCloseable {

    /**
     * A supervised child: {@code restart} starts it again and returns once it is ready (or throws), {@code exited}
     * completes when the process running now ends, saying how; {@code log} is where to look when it crashes.
     */
    record Child(String name, Runnable restart, Supplier<CompletableFuture<String>> exited, String log) {
    }

    /** The back-off between restarts (by the number of crashes within the window) and the crash-loop bound. */
    record Policy(IntervalFunction backoff, int maxRestarts, Duration window) {

        /** 1 s, 2 s, 4 s … at most 30 s; more than 5 crashes within 10 minutes is a crash loop. */
        static Policy standard() {
            return new Policy(IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(30)), 5,
                    Duration.ofMinutes(10));
        }
    }

    private final Policy policy;
    private final Consumer<String> console;
    private final Map<String, Deque<Instant>> crashes = new ConcurrentHashMap<>();
    /** Several threads: one child's restart (a service waits minutes for readiness) must not hold up another's. */
    private final ScheduledExecutorService restarts = Executors.newScheduledThreadPool(4, r -> {
        Thread thread = new Thread(r, "plumbline-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;

    Supervisor(Policy policy, Consumer<String> console) {
        this.policy = policy;
        this.console = console;
    }

    /** Watches a child that is running now. */
    void watch(Child child) {
        child.exited().get().thenAccept(how -> crashed(child, how));
    }

    private void crashed(Child child, String how) {
        if (stopping) {
            return; // the launcher is stopping it (or it heard the same Ctrl-C): not a crash
        }
        int count = recordCrash(child.name());
        if (count > policy.maxRestarts()) {
            console.accept("[supervisor] " + child.name() + " crashed " + count + " times within " + minutes(policy.window())
                    + ": crash loop, giving up; it stays down (see " + child.log() + ")");
            return;
        }
        long delay = policy.backoff().apply(count);
        console.accept("[supervisor] " + child.name() + " died (" + how + "); restarting in " + seconds(delay)
                + " (restart " + count + " of at most " + policy.maxRestarts() + " within " + minutes(policy.window())
                + "; see " + child.log() + ")");
        restarts.schedule(() -> restart(child), delay, TimeUnit.MILLISECONDS);
    }

    private void restart(Child child) {
        if (stopping) {
            return;
        }
        long begin = System.nanoTime();
        try {
            child.restart().run();
        } catch (RuntimeException e) {
            if (!stopping) {
                crashed(child, "restart failed: " + e.getMessage());
            }
            return;
        }
        console.accept("[supervisor] " + child.name() + " restarted, ready after "
                + seconds(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)));
        watch(child);
    }

    private int recordCrash(String name) {
        Deque<Instant> recent = crashes.computeIfAbsent(name, n -> new ArrayDeque<>());
        synchronized (recent) {
            Instant now = Instant.now();
            recent.addLast(now);
            while (recent.getFirst().isBefore(now.minus(policy.window()))) {
                recent.removeFirst();
            }
            return recent.size();
        }
    }

    /**
     * From now on an exit is a stop, not a crash. A restart under way is interrupted and waited for (briefly), so the
     * caller's stop finds every child in a settled state.
     */
    @Override
    public void close() {
        stopping = true;
        restarts.shutdownNow();
        try {
            restarts.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String seconds(long millis) {
        return millis < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0) : (millis / 1000) + " s";
    }

    private static String minutes(Duration window) {
        return window.toSeconds() < 120 ? window.toSeconds() + " s" : window.toMinutes() + " min";
    }
}
