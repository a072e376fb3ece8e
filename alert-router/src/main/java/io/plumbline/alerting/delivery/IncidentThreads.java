package io.plumbline.alerting.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The Slack thread of each writer incident: the platform's own {@code WriterLost} message is the first the on-call
 * sees (the probe notices before Prometheus and Alertmanager do), and the DB-down alerts Alertmanager sends for the
 * same fault reply in its thread instead of opening a second top-level message. Kept in memory: the incident is
 * exactly when the service's own database (on the lost primary) may not answer. After a restart, or on another
 * alert-router replica, an alert simply opens its own message as before.
 */
@Component
class IncidentThreads {

    /**
     * The root message of one cluster's incident: {@code channel} as routed (matched against an alert's route),
     * {@code postedChannel} as Slack answered (its id, where replies go); {@code restoredAt} is null while the writer
     * is lost.
     */
    record Incident(String cluster, String channel, String postedChannel, String ts, Instant lostAt, Instant restoredAt) {
    }

    private final Map<String, Incident> byCluster = new ConcurrentHashMap<>();
    private final IncidentProperties settings;
    private final Clock clock = Clock.systemUTC();

    IncidentThreads(IncidentProperties settings) {
        this.settings = settings;
    }

    void lost(String cluster, String channel, String postedChannel, String ts, Instant at) {
        if (ts != null) {
            byCluster.put(cluster, new Incident(cluster, channel, postedChannel != null ? postedChannel : channel, ts, at, null));
        }
    }

    /** The thread a restore of {@code cluster} replies in, if its loss was posted. */
    Optional<Incident> restored(String cluster, Instant at) {
        Incident open = byCluster.computeIfPresent(cluster,
                (c, i) -> new Incident(c, i.channel(), i.postedChannel(), i.ts(), i.lostAt(), at));
        return Optional.ofNullable(open);
    }

    /**
     * The incident thread an alert posted to {@code channel} joins, if any: a writer still lost there first, else the
     * most recent restored one within the join window.
     */
    Optional<Incident> joinedBy(String alertname, String channel) {
        if (!settings.joiningAlerts().contains(alertname)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        byCluster.values().removeIf(i -> i.restoredAt() != null && i.restoredAt().plus(settings.joinWindow()).isBefore(now));
        return byCluster.values().stream().filter(i -> i.channel().equals(channel))
                .max(Comparator.comparing((Incident i) -> i.restoredAt() == null).thenComparing(Incident::lostAt));
    }
}
