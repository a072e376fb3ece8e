package io.plumbline.status.emergency;

import io.plumbline.events.EventCodec;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.alerts.AlertResolved;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Reason;
import io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import io.plumbline.status.maintenance.MaintenanceControl;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Feeds {@code ops.db-topology.v1} and {@code ops.alerts.v1} into the {@link EmergencyPolicy} and applies its
 * decisions every {@code plumbline.emergency.tick}. Needs no database: the status schema lives on the primary, which
 * may be exactly what is down. Its own consumer group reads from the earliest offset on first start; facts older than
 * {@code max-event-age} only rebuild the view.
 */
@Component
class EmergencyPolicyRunner {

    private static final Logger log = LoggerFactory.getLogger(EmergencyPolicyRunner.class);

    private final EmergencyPolicy policy;
    private final EmergencyProperties settings;
    private final MaintenanceControl control;
    private final EventCodec codec;
    private final Clock clock = Clock.systemUTC();

    EmergencyPolicyRunner(EmergencyProperties settings, MaintenanceControl control, EventCodec codec) {
        this.policy = new EmergencyPolicy(settings);
        this.settings = settings;
        this.control = control;
        this.codec = codec;
    }

    @KafkaListener(id = "status-projector-emergency-policy", groupId = "status-projector-emergency-policy",
            topics = {"ops.db-topology.v1", "ops.alerts.v1"})
    void on(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent event = codec.decode(record);
        Instant now = clock.instant();
        Object payload = event.payload();
        if (payload instanceof WriterLost lost) {
            policy.writerLost(lost.cluster(), lost.reason(), lost.observedAt(), now);
        } else if (payload instanceof WriterRestored restored) {
            policy.writerRestored(restored.probeVerified(), restored.observedAt());
        } else if (payload instanceof AlertFiring firing) {
            policy.dbAlertFiring(firing.alert().alertname(), firing.alert().fingerprint(), event.time(), now);
        } else if (payload instanceof AlertResolved resolved) {
            policy.alertResolved(resolved.alert().fingerprint());
        }
    }

    @Scheduled(fixedDelayString = "${plumbline.emergency.tick:500ms}")
    void tick() {
        MaintenanceStateChanged current = control.current(MaintenanceStateChanged.BOOKINGS);
        Optional<EmergencyPolicy.Decision> decision = policy.decide(current, clock.instant());
        decision.ifPresent(d -> {
            try {
                apply(d);
            } catch (RuntimeException e) {
                log.error("emergency policy could not apply {}: {}", d, e.getMessage());
            }
        });
    }

    private void apply(EmergencyPolicy.Decision decision) {
        TriggeredBy by = new TriggeredBy(TriggeredBy.Kind.POLICY, EmergencyPolicy.NAME);
        Reason reason = new Reason(settings.reasonKo(), settings.reasonEn());
        if (decision instanceof EmergencyPolicy.TurnOn) {
            control.change(MaintenanceStateChanged.BOOKINGS, EmergencyPolicy.NAME, "maintenance.emergency",
                    c -> c.mode() == Mode.EMERGENCY ? Optional.empty()
                            : Optional.of(new MaintenanceStateChanged(c.scope(), Mode.EMERGENCY, reason, clock.instant(),
                                    null, by, c.version() + 1, clock.instant())))
                    .ifPresent(s -> log.warn("EMERGENCY maintenance on: {}", decision.cause()));
        } else {
            control.change(MaintenanceStateChanged.BOOKINGS, EmergencyPolicy.NAME, "maintenance.emergency-end",
                    c -> c.mode() != Mode.EMERGENCY || c.triggeredBy() == null
                            || c.triggeredBy().kind() != TriggeredBy.Kind.POLICY ? Optional.empty()
                            : Optional.of(new MaintenanceStateChanged(c.scope(), Mode.OFF, c.reason(), null, null, by,
                                    c.version() + 1, clock.instant())))
                    .ifPresent(s -> log.warn("EMERGENCY maintenance off: {}", decision.cause()));
        }
    }
}
