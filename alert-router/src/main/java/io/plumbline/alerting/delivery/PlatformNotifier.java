package io.plumbline.alerting.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.plumbline.alerting.slack.SlackClient;
import io.plumbline.alerting.slack.SlackMessage;
import io.plumbline.alerting.slack.SlackMessages;
import io.plumbline.alerting.slack.SlackRoutes;
import io.plumbline.events.EventCodec;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.backups.BackupFailed;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

/**
 * The platform's own facts to Slack: backup failures, maintenance changes, writer loss and restore. Routed with the
 * same label matchers as alerts (labels {@code alertname}, {@code severity}, {@code team=platform}). Facts older than
 * {@code plumbline.slack.max-event-age} (e.g. the compacted maintenance state replayed to a new consumer group) are
 * recorded but not announced.
 */
@Component
@ConditionalOnExpression("'${plumbline.slack.bot-token:}' != '' or '${plumbline.slack.webhook-url:}' != ''")
class PlatformNotifier {

    private final EventCodec codec;
    private final AlertLedger ledger;
    private final SlackDeliveries deliveries;
    private final SlackMessages messages;
    private final SlackRoutes routes;
    private final DeadLetterSender deadLetters;
    private final Duration maxAge;
    private final KafkaListenerEndpointRegistry registry;
    private final IncidentThreads incidents;
    /** The last maintenance state seen per scope (this replica's partitions). */
    private final Map<String, MaintenanceStateChanged> lastState = new java.util.concurrent.ConcurrentHashMap<>();

    PlatformNotifier(EventCodec codec, AlertLedger ledger, SlackDeliveries deliveries, SlackMessages messages,
            SlackRoutes routes, DeadLetterSender deadLetters,
            @Value("${plumbline.slack.max-event-age:1h}") Duration maxAge, KafkaListenerEndpointRegistry registry,
            IncidentThreads incidents) {
        this.registry = registry;
        this.incidents = incidents;
        this.codec = codec;
        this.ledger = ledger;
        this.deliveries = deliveries;
        this.messages = messages;
        this.routes = routes;
        this.deadLetters = deadLetters;
        this.maxAge = maxAge;
    }

    @KafkaListener(id = "alert-router-platform", topics = {"ops.backups.v1", "ops.maintenance.v1", "ops.db-topology.v1"},
            properties = "max.poll.interval.ms=900000")
    void on(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        ReceivedEvent event = codec.decode(record); // undecodable: the shared error handler dead-letters it
        if (ledger.isProcessed(event.id())) {
            return;
        }
        SlackMessage message = event.time().isBefore(Instant.now().minus(maxAge)) || isOutlookUpdate(event) ? null
                : render(event);
        if (message != null) {
            try {
                if (event.payload() instanceof WriterRestored w) {
                    // the restore answers the loss in its thread, where the DB-down alerts joined it
                    SlackMessage restored = message;
                    message = incidents.restored(w.cluster(), w.observedAt())
                            .filter(i -> i.channel().equals(restored.channel()))
                            .map(i -> restored.to(i.postedChannel()).inThread(i.ts())).orElse(restored);
                }
                SlackClient.Posted posted = deliveries.deliver(message,
                        new SlackDeliveries.Cause(event.subject(), event.id(), event.type()), this::running);
                if (event.payload() instanceof WriterLost w) {
                    incidents.lost(w.cluster(), message.channel(), posted.channel(), posted.ts(),
                            w.observedAt() != null ? w.observedAt() : event.time());
                }
            } catch (SlackDeliveries.Undeliverable e) {
                deadLetters.send(record, e.getMessage());
            }
        }
        ledger.record(event, null);
    }

    /**
     * The emergency policy republishes its emergency with a new expected end (for clients' Retry-After): the on-call
     * already has the emergency in Slack, and hears about its end when it ends.
     */
    private boolean isOutlookUpdate(ReceivedEvent event) {
        if (!(event.payload() instanceof MaintenanceStateChanged m)) {
            return false;
        }
        MaintenanceStateChanged before = lastState.put(m.scope(), m);
        return before != null && before.version() < m.version() && policyEmergency(before) && policyEmergency(m);
    }

    private static boolean policyEmergency(MaintenanceStateChanged m) {
        return m.mode() == MaintenanceStateChanged.Mode.EMERGENCY && m.triggeredBy() != null
                && m.triggeredBy().kind() == MaintenanceStateChanged.TriggeredBy.Kind.POLICY;
    }

    private SlackMessage render(ReceivedEvent event) {
        Object payload = event.payload();
        Map<String, Object> v = new LinkedHashMap<>();
        if (payload instanceof BackupFailed f) {
            v.put("backupId", f.backupId());
            v.put("stage", f.stage());
            v.put("reason", f.reason() == null ? "UNKNOWN" : f.reason().name());
            v.put("message", f.message());
            v.put("failedAt", f.failedAt());
            return messages.platform("backup-failed", v, SlackMessages.FAULT, channel("BackupFailed", "critical"));
        }
        if (payload instanceof MaintenanceStateChanged m) {
            v.put("mode", m.mode().name());
            v.put(m.mode().name().toLowerCase(java.util.Locale.ROOT), true); // the template words each mode itself
            v.put("scope", m.scope());
            v.put("title", switch (m.mode()) {
                case EMERGENCY -> SlackMessages.FATAL_PREFIX;
                case SCHEDULED -> SlackMessages.NOTICE_PREFIX;
                case OFF -> SlackMessages.RESOLVED_PREFIX;
            });
            v.put("reason", m.reason() == null ? "" : m.reason().ko() != null ? m.reason().ko() : m.reason().en());
            v.put("reasonEn", m.reason() == null ? "" : m.reason().en() != null ? m.reason().en() : m.reason().ko());
            v.put("windowStart", m.windowStart());
            v.put("windowEnd", m.windowEnd());
            if (m.triggeredBy() != null) {
                v.put(m.triggeredBy().kind() == MaintenanceStateChanged.TriggeredBy.Kind.ADMIN ? "byAdmin" : "byPolicy", true);
                v.put("triggeredBy", m.triggeredBy().name());
            }
            v.put("changedAt", m.changedAt());
            String severity = m.mode() == MaintenanceStateChanged.Mode.EMERGENCY ? "critical" : "info";
            return messages.platform("maintenance-changed", v,
                    m.mode() == MaintenanceStateChanged.Mode.OFF ? SlackMessages.RECOVERED
                            : severity.equals("critical") ? SlackMessages.FAULT : SlackMessages.NEWS,
                    channel("MaintenanceStateChanged", severity));
        }
        if (payload instanceof WriterLost w) {
            v.put("cluster", w.cluster());
            v.put("lastWriter", w.lastWriter());
            v.put("reason", w.reason());
            v.put("observedAt", w.observedAt());
            return messages.platform("writer-lost", v, SlackMessages.FAULT, channel("WriterLost", "critical"));
        }
        if (payload instanceof WriterRestored w) {
            v.put("cluster", w.cluster());
            v.put("writer", w.writer());
            v.put("probeVerified", w.probeVerified());
            v.put("observedAt", w.observedAt());
            return messages.platform("writer-restored", v, SlackMessages.RECOVERED, channel("WriterLost", "critical"));
        }
        return null; // other facts of these topics are not announced
    }

    private boolean running() {
        var container = registry.getListenerContainer("alert-router-platform");
        return container == null || container.isRunning();
    }

    private String channel(String alertname, String severity) {
        return routes.channelFor(Map.of("alertname", alertname, "severity", severity, "team", "platform"));
    }
}
