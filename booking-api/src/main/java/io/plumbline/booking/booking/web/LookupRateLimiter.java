package io.plumbline.booking.booking.web;

import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.booking.booking.BookingProperties;
import io.plumbline.booking.writer.WriterGuard;
import io.plumbline.booking.writer.WriterUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Limits booking look-ups per client address, so codes cannot be guessed by brute force. The count lives in the
 * booking schema ({@code lookup_rate}), so every replica spends one budget per client: fixed windows of
 * {@code plumbline.booking.lookup-rate-period}, each look-up one atomic upsert. No client's count is ever reset by
 * another's traffic: a flood of addresses only adds rows, removed once their window is over.
 * <p>
 * The client address is Tomcat's remote address: the gateway's {@code X-Forwarded-For} is believed only from
 * {@code server.tomcat.remoteip.internal-proxies}. While the writer is unreachable (look-ups then read the replica)
 * each replica counts on its own, from what it last knew of the shared count, in a bounded cache that evicts single
 * idle clients, never everyone.
 */
@Component
class LookupRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(LookupRateLimiter.class);

    /** The column's width: the longest textual IPv6 address. */
    static final int MAX_CLIENT_LENGTH = 45;

    private final JdbcTemplate jdbc;
    private final WriterGuard writer;
    private final Clock clock;
    private final MeterRegistry meters;
    private final int limit;
    private final long periodMillis;
    private final Cache<String, AtomicLong> local;

    LookupRateLimiter(JdbcTemplate jdbc, WriterGuard writer, BookingProperties properties, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.clock = clock;
        this.meters = meters;
        this.limit = properties.lookupRateLimit();
        this.periodMillis = properties.lookupRatePeriod().toMillis();
        this.local = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(properties.lookupRatePeriod().multipliedBy(2)).build();
    }

    /** @throws RateLimitedException when the client has used up its look-ups in this window */
    void acquire(String client) {
        String key = client.length() > MAX_CLIENT_LENGTH ? client.substring(0, MAX_CLIENT_LENGTH) : client;
        long now = clock.millis();
        long window = now - Math.floorMod(now, periodMillis);
        // the local count shadows the shared one, so a fall-back to it (writer unreachable, breaker open) carries on
        // from what the client had already spent instead of starting again from zero
        AtomicLong mine = local.get(key + "@" + window, k -> new AtomicLong());
        long hits;
        try {
            long shared = writer.call(() -> countShared(key, window));
            // never below what this replica has counted itself: a shared row removed early (another replica's clean-up
            // at a window's edge) cannot hand a guesser a fresh budget
            hits = mine.updateAndGet(counted -> Math.max(counted + 1, shared));
        } catch (WriterUnavailableException | DataAccessException e) {
            hits = mine.incrementAndGet();
        }
        if (hits > limit) {
            meters.counter("plumbline.bookings.lookups.throttled").increment();
            throw new RateLimitedException(Duration.ofMillis(window + periodMillis - now));
        }
    }

    /** One upsert that counts and remembers the new count in the session ({@code LAST_INSERT_ID(expr)}, MySQL and MariaDB). */
    private long countShared(String client, long window) {
        return jdbc.execute((ConnectionCallback<Long>) c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO lookup_rate (client, window_start, hits) "
                    + "VALUES (?, ?, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(hits + 1)")) {
                upsert.setString(1, client);
                upsert.setLong(2, window);
                upsert.executeUpdate();
            }
            try (PreparedStatement read = c.prepareStatement("SELECT LAST_INSERT_ID()"); ResultSet rs = read.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Forgets finished windows; every replica does it, which is harmless. */
    @Scheduled(fixedDelayString = "${plumbline.booking.lookup-rate-period:1m}", initialDelayString = "${plumbline.booking.lookup-rate-period:1m}")
    void forgetFinishedWindows() {
        long now = clock.millis();
        long current = now - Math.floorMod(now, periodMillis);
        try {
            writer.call(() -> jdbc.update("DELETE FROM lookup_rate WHERE window_start < ?", current));
        } catch (WriterUnavailableException | DataAccessException e) {
            log.warn("could not forget finished look-up windows: {}", e.getMessage());
        }
    }

    /** Too many look-ups: 429 with Retry-After at the window's end, as a problem detail {@code problem.rate-limited}. */
    static class RateLimitedException extends ErrorResponseException {

        private final Duration retryAfter;

        RateLimitedException(Duration retryAfter) {
            super(HttpStatus.TOO_MANY_REQUESTS, problem(), null, "problem.rate-limited", null);
            this.retryAfter = retryAfter;
            getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }

        private static ProblemDetail problem() {
            ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.TOO_MANY_REQUESTS);
            problem.setType(URI.create("https://plumbline.example/problems/rate-limited"));
            return problem;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }
}
