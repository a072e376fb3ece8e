package io.plumbline.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The topic catalogue: every topic Plumbline uses is declared here and nowhere else.
 * {@code docs/events.md} documents each one (key, retention, payload, producer, consumers).
 */
public final class Topics {

    /** Booking facts captured from booking-api's outbox by Debezium. Key: booking code or announcement id. */
    public static final Topic BOOKING_EVENTS = new Topic("booking.events.v1", "booking code / announcement id", 3, false, Duration.ofDays(7));

    /** Alertmanager alerts as received by alert-router, plus acknowledgements and silences. Key: alert fingerprint. */
    public static final Topic ALERTS = new Topic("ops.alerts.v1", "alert fingerprint", 3, false, Duration.ofDays(30));

    /** Outcome of every Slack delivery attempt. Key: alert fingerprint (or source event subject). */
    public static final Topic NOTIFICATIONS = new Topic("ops.notifications.v1", "alert fingerprint", 3, false, Duration.ofDays(30));

    /** Database topology facts from the ProxySQL reader / direct probe. Key: cluster name. */
    public static final Topic DB_TOPOLOGY = new Topic("ops.db-topology.v1", "cluster name", 1, false, Duration.ofDays(30));

    /** Maintenance state; the value is always the full state, so the compacted log is the source of truth. Key: scope. */
    public static final Topic MAINTENANCE = new Topic("ops.maintenance.v1", "scope (bookings)", 1, true, Duration.ZERO);

    /** Backup run results from backup-worker. Key: backup id. */
    public static final Topic BACKUPS = new Topic("ops.backups.v1", "backup id", 1, false, Duration.ofDays(90));

    /** Metric samples from the Prometheus poller. Key: metric name. */
    public static final Topic METRICS = new Topic("ops.metrics.v1", "metric name", 3, false, Duration.ofDays(1));

    /** Every topic of the catalogue, in documentation order. */
    public static final List<Topic> ALL = List.of(BOOKING_EVENTS, ALERTS, NOTIFICATIONS, DB_TOPOLOGY, MAINTENANCE, BACKUPS, METRICS);

    private Topics() {
    }

    /** Every topic together with its dead-letter topic: what a fresh cluster must have. */
    public static List<Topic> allWithDeadLetters() {
        List<Topic> topics = new ArrayList<>();
        for (Topic topic : ALL) {
            topics.add(topic);
            topics.add(new Topic(topic.deadLetter(), topic.key(), 1, false, Duration.ofDays(30)));
        }
        return topics;
    }
}
