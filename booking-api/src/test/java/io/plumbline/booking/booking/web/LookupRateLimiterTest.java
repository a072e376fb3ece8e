package io.plumbline.booking.booking.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.booking.BookingApiTestSupport;
import io.plumbline.booking.booking.BookingProperties;
import io.plumbline.booking.writer.WriterGuard;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Look-ups are limited per client address in the booking schema, so codes cannot be guessed by brute force, not by
 * spreading guesses over replicas, and not by drowning the limiter in other addresses.
 */
class LookupRateLimiterTest extends BookingApiTestSupport {

    private static final int LIMIT = 3;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    WriterGuard writer;

    /** One window for the whole test, however long the flood takes. */
    private final Clock clock = Clock.fixed(java.time.Instant.now(), java.time.ZoneOffset.UTC);

    /** A limiter as a booking-api replica of its own would have: same database, its own memory. */
    private LookupRateLimiter replica(SimpleMeterRegistry meters) {
        return new LookupRateLimiter(jdbc, writer, new BookingProperties(2, LocalTime.of(9, 0), LocalTime.of(18, 0),
                Duration.ofHours(1), Duration.ofHours(1), 60, LIMIT, Duration.ofMinutes(10), DataSize.ofKilobytes(16),
                Duration.ofSeconds(10)), clock, meters);
    }

    private static String client() {
        return "203.0.113." + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void refusesAClientBeyondItsLimitWithRetryAfterTheWindowsEnd() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LookupRateLimiter limiter = replica(meters);
        String guesser = client();
        for (int i = 0; i < LIMIT; i++) {
            limiter.acquire(guesser);
        }
        assertThatThrownBy(() -> limiter.acquire(guesser))
                .isInstanceOfSatisfying(LookupRateLimiter.RateLimitedException.class, e -> {
                    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10));
                    assertThat(e.getStatusCode().value()).isEqualTo(429);
                    assertThat(e.getHeaders().getFirst("Retry-After")).isNotBlank();
                });
        assertThat(meters.counter("plumbline.bookings.lookups.throttled").count()).isEqualTo(1);
        assertThatNoException().isThrownBy(() -> limiter.acquire(client())); // another customer has a budget of their own
    }

    @Test
    void replicasShareOneBudgetPerClient() {
        LookupRateLimiter first = replica(new SimpleMeterRegistry());
        LookupRateLimiter second = replica(new SimpleMeterRegistry());
        String guesser = client();
        first.acquire(guesser);
        second.acquire(guesser);
        first.acquire(guesser);
        assertThatThrownBy(() -> second.acquire(guesser)).isInstanceOf(LookupRateLimiter.RateLimitedException.class);
    }

    /** Beyond the 50,000 addresses the in-memory limiter tracked, where it used to forget everyone. */
    @Test
    void aFloodOfAddressesDoesNotResetAnyoneElsesCount() throws Exception {
        LookupRateLimiter limiter = replica(new SimpleMeterRegistry());
        String guesser = client();
        for (int i = 0; i < LIMIT; i++) {
            limiter.acquire(guesser);
        }
        String flood = UUID.randomUUID().toString().substring(0, 6);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            java.util.List<Future<?>> parts = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int part = t;
                parts.add(pool.submit(() -> {
                    for (int i = part; i < 50_100; i += 8) {
                        limiter.acquire("198.51." + flood + "." + i);
                    }
                }));
            }
            for (Future<?> p : parts) {
                p.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThatThrownBy(() -> limiter.acquire(guesser)).isInstanceOf(LookupRateLimiter.RateLimitedException.class);
    }
}
