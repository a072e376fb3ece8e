package io.plumbline.booking.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.booking.booking.BookingProperties;
import org.springframework.stereotype.Component;

/**
 * Limits booking look-ups per client address (Resilience4j), so codes cannot be guessed by brute force. Behind a
 * proxy the client address is the proxy's unless the servlet container is told to trust {@code X-Forwarded-For}
 * ({@code server.forward-headers-strategy}).
 */
@Component
public class LookupRateLimiter {

    private static final int MAX_TRACKED_CLIENTS = 50_000;

    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final RateLimiterConfig config;
    private final MeterRegistry meters;

    LookupRateLimiter(BookingProperties properties, MeterRegistry meters) {
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(properties.lookupRateLimit())
                .limitRefreshPeriod(properties.lookupRatePeriod())
                .timeoutDuration(Duration.ZERO)
                .build();
        this.meters = meters;
    }

    /** @throws RateLimitedException when the client has used up its look-ups for now */
    public void acquire(String client) {
        if (limiters.size() > MAX_TRACKED_CLIENTS) {
            limiters.clear(); // bounded memory; a flood of addresses resets the window, it does not grow the heap
        }
        RateLimiter limiter = limiters.computeIfAbsent(client, c -> RateLimiter.of("lookup-" + c, config));
        if (!limiter.acquirePermission()) {
            meters.counter("plumbline.bookings.lookups.throttled").increment();
            throw new RateLimitedException(config.getLimitRefreshPeriod());
        }
    }

    /** Too many look-ups; answered 429 with Retry-After. */
    public static class RateLimitedException extends RuntimeException {

        private final Duration retryAfter;

        RateLimitedException(Duration retryAfter) {
            super("rate limited");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
