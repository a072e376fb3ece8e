package io.plumbline.alerting.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.plumbline.alerting.slack.SlackProperties;
import org.springframework.stereotype.Component;

/**
 * Slack's pace per channel: at most one message per {@code per-channel-interval}, and after a 429 nothing to that
 * channel until its Retry-After has passed (for every listener thread, not only the one that got the 429).
 */
@Component
class ChannelGate {

    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final RateLimiterConfig config;

    ChannelGate(SlackProperties properties) {
        this.config = RateLimiterConfig.custom().limitForPeriod(1).limitRefreshPeriod(properties.perChannelInterval())
                .timeoutDuration(Duration.ofMinutes(5)).build();
    }

    /** Blocks until a message may go to {@code channel}. */
    void await(String channel) throws InterruptedException {
        Instant until = pausedUntil.get(channel);
        if (until != null) {
            long wait = Duration.between(Instant.now(), until).toNanos();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        limiters.computeIfAbsent(channel, c -> RateLimiter.of("slack-" + c.replaceAll("[^A-Za-z0-9_-]", "_"), config))
                .acquirePermission();
    }

    /** Slack said 429: hold the whole channel. */
    void pause(String channel, Duration retryAfter) {
        Instant until = Instant.now().plus(retryAfter);
        pausedUntil.merge(channel, until, (a, b) -> a.isAfter(b) ? a : b);
    }
}
