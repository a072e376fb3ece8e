package io.plumbline.alerting.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.alerting.alert.AlertIds;
import io.plumbline.alerting.alert.EpisodeState;
import io.plumbline.events.EventPayload;
import io.plumbline.events.Topics;
import io.plumbline.events.alerts.Alert;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.alerts.AlertResolved;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.kafka.PublishFailedException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Puts each alert of a webhook notification on {@code ops.alerts.v1} and returns only when the broker has all of
 * them. An alert state the episode has already passed (a repeated firing, a stale firing after the resolve, a
 * second resolve) is not published again; the deterministic event id covers the races between HA peers.
 */
@Service
class AlertIngestion {

    /** Alertmanager's "no time" (Go's zero time), sent as the endsAt of a firing alert. */
    static final Instant ALERTMANAGER_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    private static final int CHUNK = 500;

    private final EventPublisher publisher;
    private final JdbcTemplate jdbc;
    private final CircuitBreaker database;
    private final MeterRegistry meters;

    AlertIngestion(EventPublisher publisher, JdbcTemplate jdbc, CircuitBreaker database, MeterRegistry meters) {
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.database = database;
        this.meters = meters;
    }

    /** @return how many alerts were published (the rest were repeats or stale) */
    int ingest(WebhookPayload payload, Duration timeout) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        List<WebhookPayload.Item> published = new ArrayList<>();
        Optional<List<Received>> received = received(payload.alerts());
        for (WebhookPayload.Item item : payload.alerts()) {
            EpisodeState incoming = EpisodeState.of(item.status());
            EpisodeState known = received.flatMap(r -> stateOf(r, item)).orElse(null);
            if (!EpisodeState.advances(known, incoming)) {
                meters.counter("plumbline.alerting.webhook.alerts", "outcome", "repeat").increment();
                continue;
            }
            Instant endsAt = item.endsAt() == null || !item.endsAt().isAfter(ALERTMANAGER_ZERO) ? null : item.endsAt();
            if (incoming == EpisodeState.FIRING) {
                endsAt = null;
            }
            Alert alert = new Alert(item.fingerprint(), item.labels(), item.annotations(), item.startsAt(), endsAt,
                    item.generatorURL(), payload.receiver(), payload.groupKey(), payload.externalURL());
            EventPayload event = incoming == EpisodeState.FIRING ? new AlertFiring(alert) : new AlertResolved(alert);
            String id = AlertIds.eventId(item.fingerprint(), incoming, item.startsAt(), endsAt);
            Instant time = incoming == EpisodeState.FIRING ? item.startsAt() : (endsAt != null ? endsAt : Instant.now());
            try {
                sends.add(publisher.publish(Topics.ALERTS, id, event, time));
            } catch (RuntimeException e) { // the producer fails synchronously when it has no broker metadata
                throw new PublishFailedException("broker unavailable: " + e.getMessage(), e);
            }
            published.add(item);
        }
        for (CompletableFuture<?> send : sends) {
            EventPublisher.await(send, timeout);
        }
        meters.counter("plumbline.alerting.webhook.alerts", "outcome", "published").increment(published.size());
        if (received.isPresent() && !published.isEmpty()) { // the database answered a moment ago: worth one more call
            remember(published);
        }
        return published.size();
    }

    /** An episode state this router already accepted. */
    private record Received(String fingerprint, Instant startsAt, EpisodeState state) {
    }

    /**
     * What this router already accepted for the notification's alerts, in one query; empty when the database cannot
     * say. The database is only an optimisation here: when it is unreachable — typically because the alert is about
     * that very database — every alert is published and the deterministic event id plus the consumer's episode rule
     * keep Slack free of repeats. An alert about a dead primary must never wait for that primary, so the call goes
     * through the router's database circuit: while it is open nothing waits for a connection at all.
     */
    private Optional<List<Received>> received(List<WebhookPayload.Item> items) {
        List<String> fingerprints = items.stream().map(WebhookPayload.Item::fingerprint).distinct().toList();
        try {
            return Optional.of(database.executeSupplier(() -> {
                List<Received> rows = new ArrayList<>();
                for (int from = 0; from < fingerprints.size(); from += CHUNK) {
                    List<String> chunk = fingerprints.subList(from, Math.min(fingerprints.size(), from + CHUNK));
                    rows.addAll(jdbc.query("SELECT fingerprint, starts_at, status FROM received_alert WHERE fingerprint IN ("
                            + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")",
                            (rs, i) -> new Received(rs.getString(1), rs.getTimestamp(2).toInstant(),
                                    EpisodeState.valueOf(rs.getString(3))), chunk.toArray()));
                }
                return rows;
            }));
        } catch (CallNotPermittedException | DataAccessException e) {
            meters.counter("plumbline.alerting.webhook.dedup_unavailable").increment(items.size());
            return Optional.empty();
        }
    }

    /** The stored state of the item's episode; starts_at is kept to the microsecond, Alertmanager sends nanoseconds. */
    private static Optional<EpisodeState> stateOf(List<Received> received, WebhookPayload.Item item) {
        return received.stream().filter(r -> r.fingerprint().equals(item.fingerprint())
                        && Math.abs(Duration.between(r.startsAt(), item.startsAt()).toNanos()) < 1_000)
                .map(Received::state).findFirst();
    }

    private void remember(List<WebhookPayload.Item> items) {
        Timestamp now = Timestamp.from(Instant.now());
        try {
            // never move an episode backwards, whatever the order of concurrent requests
            database.executeRunnable(() -> jdbc.batchUpdate("""
                    INSERT INTO received_alert (fingerprint, starts_at, status, updated_at) VALUES (?, ?, ?, ?)
                    ON DUPLICATE KEY UPDATE status = IF(status = 'RESOLVED', status, VALUES(status)),
                                            updated_at = VALUES(updated_at)""",
                    items.stream().map(item -> new Object[] {item.fingerprint(), Timestamp.from(item.startsAt()),
                            EpisodeState.of(item.status()).name(), now}).toList()));
        } catch (CallNotPermittedException | DataAccessException e) {
            meters.counter("plumbline.alerting.webhook.dedup_unavailable").increment(items.size()); // published already
        }
    }
}
