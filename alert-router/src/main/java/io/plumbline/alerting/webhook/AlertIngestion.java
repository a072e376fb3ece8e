package io.plumbline.alerting.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Puts each alert of a webhook notification on {@code ops.alerts.v1} and returns only when the broker has all of
 * them. An alert state the episode has already passed (a repeated firing, a stale firing after the resolve, a
 * second resolve) is not published again; the deterministic event id covers the races between HA peers.
 */
@Service
class AlertIngestion {

    private static final Instant ALERTMANAGER_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    private final EventPublisher publisher;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;

    AlertIngestion(EventPublisher publisher, JdbcTemplate jdbc, MeterRegistry meters) {
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** @return how many alerts were published (the rest were repeats or stale) */
    int ingest(WebhookPayload payload, Duration timeout) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        List<WebhookPayload.Item> published = new ArrayList<>();
        for (WebhookPayload.Item item : payload.alerts()) {
            EpisodeState incoming = EpisodeState.of(item.status());
            EpisodeState known = known(item.fingerprint(), item.startsAt());
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
        for (WebhookPayload.Item item : published) {
            remember(item);
            meters.counter("plumbline.alerting.webhook.alerts", "outcome", "published").increment();
        }
        return published.size();
    }

    /**
     * What this router already published for the episode. The database is only an optimisation here: when it is
     * unreachable — typically because the alert is about that very database — the alert is published anyway and
     * the deterministic event id plus the consumer's episode rule keep Slack free of repeats. An alert about a dead
     * primary must never wait for that primary.
     */
    private EpisodeState known(String fingerprint, Instant startsAt) {
        try {
            List<String> rows = jdbc.queryForList("SELECT status FROM received_alert WHERE fingerprint = ? AND starts_at = ?",
                    String.class, fingerprint, Timestamp.from(startsAt));
            return rows.isEmpty() ? null : EpisodeState.valueOf(rows.get(0));
        } catch (org.springframework.dao.DataAccessException e) {
            meters.counter("plumbline.alerting.webhook.dedup_unavailable").increment();
            return null;
        }
    }

    private void remember(WebhookPayload.Item item) {
        EpisodeState state = EpisodeState.of(item.status());
        // never move an episode backwards, whatever the order of concurrent requests
        try {
            jdbc.update("""
                INSERT INTO received_alert (fingerprint, starts_at, status, updated_at) VALUES (?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE status = IF(status = 'RESOLVED', status, VALUES(status)),
                                        updated_at = VALUES(updated_at)""",
                item.fingerprint(), Timestamp.from(item.startsAt()), state.name(), Timestamp.from(Instant.now()));
        } catch (org.springframework.dao.DataAccessException e) {
            meters.counter("plumbline.alerting.webhook.dedup_unavailable").increment(); // published already; see known()
        }
    }
}
