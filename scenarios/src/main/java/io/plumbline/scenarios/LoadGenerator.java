package io.plumbline.scenarios;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated customers at a steady rate: each tick books a repair on one of the booking-api replicas and looks up
 * a booking accepted earlier. Every outcome is kept for the report and the ledger check. Bounded: it stops by
 * itself after {@code maxDuration}.
 */
final class LoadGenerator implements AutoCloseable {

    private final List<BookingClient> replicas;
    private final double bookingsPerSecond;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService customers = Executors.newFixedThreadPool(16);
    private final List<BookingClient.Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final Queue<BookingClient.Outcome> accepted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger customerNumber = new AtomicInteger();

    LoadGenerator(List<String> bookingApiUrls, double bookingsPerSecond) {
        this.replicas = bookingApiUrls.stream().map(BookingClient::new).toList();
        this.bookingsPerSecond = bookingsPerSecond;
    }

    void start(Duration maxDuration) {
        long periodMicros = (long) (1_000_000 / bookingsPerSecond);
        ticker.scheduleAtFixedRate(this::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
        ticker.schedule(this::stopTicking, maxDuration.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        int n = customerNumber.incrementAndGet();
        BookingClient client = replicas.get(n % replicas.size());
        customers.submit(() -> {
            BookingClient.Outcome outcome = client.book(BookingClient.newRequest(n));
            outcomes.add(outcome);
            if (outcome.accepted() && outcome.bookingCode() != null) {
                accepted.add(outcome);
            }
        });
        List<BookingClient.Outcome> known = List.copyOf(accepted);
        if (!known.isEmpty()) {
            BookingClient.Outcome earlier = known.get(ThreadLocalRandom.current().nextInt(known.size()));
            customers.submit(() -> outcomes.add(client.lookUp(earlier.bookingCode(), earlier.request().phone())));
        }
    }

    private void stopTicking() {
        ticker.shutdown();
    }

    /** Stops sending and waits for requests in flight. */
    @Override
    public void close() {
        ticker.shutdownNow();
        customers.shutdown();
        try {
            customers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<BookingClient.Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    List<BookingClient.Outcome> accepted() {
        return List.copyOf(accepted);
    }
}
