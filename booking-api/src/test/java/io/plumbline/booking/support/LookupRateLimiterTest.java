package io.plumbline.booking.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.booking.booking.BookingProperties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Look-ups are limited per client address, so booking codes cannot be guessed by brute force. */
class LookupRateLimiterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final LookupRateLimiter limiter = new LookupRateLimiter(new BookingProperties(2, LocalTime.of(9, 0),
            LocalTime.of(18, 0), Duration.ofHours(1), Duration.ofHours(1), 60, 3, Duration.ofMinutes(1),
            DataSize.ofKilobytes(16)), meters);

    @Test
    void refusesAClientBeyondItsLimitWithRetryAfterThePeriod() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("203.0.113.7");
        }
        assertThatThrownBy(() -> limiter.acquire("203.0.113.7"))
                .isInstanceOfSatisfying(LookupRateLimiter.RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1)));
        assertThat(meters.counter("plumbline.bookings.lookups.throttled").count()).isEqualTo(1);
    }

    @Test
    void eachClientHasItsOwnBudget() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("203.0.113.7");
        }
        limiter.acquire("198.51.100.20"); // another customer is not held back by the first one's guessing
    }
}
