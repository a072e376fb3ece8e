package io.plumbline.status.emergency;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventCodec;
import io.plumbline.events.Topics;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.alerts.AlertResolved;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Reason;
import io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import io.plumbline.events.kafka.TopicFollower;
import io.plumbline.status.maintenance.MaintenanceControl;
import io.plumbline.status.replicas.Leadership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Feeds {@code ops.db-topology.v1} and {@code ops.alerts.v1} into the {@link EmergencyPolicy} and applies its
 * decisions every {@code plumbline.emergency.tick}. Needs no database: the status schema lives on the primary, which
 * may be exactly what is down. Every instance reads both topics from the earliest offset with its own
 * {@link TopicFollower} (no consumer group, nothing committed), so each one rebuilds the full view on every start: a
 * restart does not forget a {@code WriterRestored} it had already read, and replicas do not split the alert partitions
 * between them. Facts older than {@code max-event-age} only rebuild the view. Nothing is decided before the read has
 * caught up with the log (a half-replayed view could end an emergency whose writer is still lost), and only the
 * {@link Leadership leader} applies a decision; the others decide too, so their view is the leader's when they take over.
 */
@Component
class EmergencyPolicyRunner {

    private static final Logger log = LoggerFactory.getLogger(EmergencyPolicyRunner.class);

    private volatile EmergencyPolicy policy;
    private final EmergencyProperties settings;
    private final MaintenanceControl control;
    private final EventCodec codec;
    private final Leadership leadership;
    private final MeterRegistry meters;
    private final TopicFollower follower;
    private final Clock clock = Clock.systemUTC();

    EmergencyPolicyRunner(EmergencyProperties settings, MaintenanceControl control, EventCodec codec,
            Leadership leadership, MeterRegistry meters, @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.policy = new EmergencyPolicy(settings);
        this.settings = settings;
        this.control = control;
        this.codec = codec;
        this.leadership = leadership;
        this.meters = meters;
        this.follower = new TopicFollower(bootstrapServers, List.of(Topics.DB_TOPOLOGY.name(), Topics.ALERTS.name()),
                TopicFollower.Start.EARLIEST, "status-projector-emergency-policy", new TopicFollower.Handler() {
                    @Override
                    public void replaying() {
                        policy = new EmergencyPolicy(settings);
                    }

                    @Override
                    public void record(ConsumerRecord<String, byte[]> record) {
                        on(record);
                    }
                }, meters);
        Gauge.builder("plumbline.emergency.hold", this, r -> r.policy.hold().toMillis() / 1000.0).baseUnit("seconds")
                .description("how long a verified writer must hold before the policy ends an emergency").register(meters);
        Gauge.builder("plumbline.emergency.repeated.losses", this, r -> r.policy.repeatedLosses())
                .description("writer losses soon after a verified restore that made the hold grow").register(meters);
    }

    void on(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent event = codec.decode(record);
        meters.counter("plumbline.emergency.facts", "type", event.type()).increment();
        EmergencyPolicy policy = this.policy;
        Instant now = clock.instant();
        Object payload = event.payload();
        if (payload instanceof WriterLost lost) {
            policy.writerLost(lost.cluster(), lost.reason(), lost.observedAt(), now);
        } else if (payload instanceof WriterRestored restored) {
            policy.writerRestored(restored.cluster(), restored.probeVerified(), restored.observedAt());
        } else if (payload instanceof AlertFiring firing) {
            policy.dbAlertFiring(firing.alert().alertname(), firing.alert().fingerprint(), firing.alert().startsAt(),
                    event.time(), now);
        } else if (payload instanceof AlertResolved resolved) {
            policy.alertResolved(resolved.alert().fingerprint());
        }
    }

    @Scheduled(fixedDelayString = "${plumbline.emergency.tick:500ms}")
    void tick() {
        if (!follower.isCaughtUp()) {
            return;
        }
        MaintenanceStateChanged current = control.current(MaintenanceStateChanged.BOOKINGS);
        Instant now = clock.instant();
        Optional<EmergencyPolicy.Decision> decision = policy.decide(current, now);
        if (!leadership.isLeader()) {
            return;
        }
        try {
            if (decision.isPresent()) {
                apply(decision.get());
            } else {
                announceExpectedEnd(current, now);
            }
        } catch (RuntimeException e) {
            log.error("emergency policy could not apply {}: {}", decision.map(Object::toString).orElse("its outlook"),
                    e.getMessage());
        }
    }

    /**
     * Tells clients when the emergency this policy runs is expected to end (booking-api's {@code Retry-After}, the
     * console), once the writer is verified, and takes it back when a new fact makes it unknown again.
     */
    private void announceExpectedEnd(MaintenanceStateChanged current, Instant now) {
        if (current.mode() != Mode.EMERGENCY || current.triggeredBy() == null
                || current.triggeredBy().kind() != TriggeredBy.Kind.POLICY) {
            return;
        }
        Instant expected = policy.outlook(current, now).endsAt().orElse(null);
        Instant announced = current.expectedEnd();
        boolean same = expected == null ? announced == null
                : announced != null && Duration.between(announced, expected).abs().compareTo(Duration.ofSeconds(1)) < 0;
        if (same) {
            return;
        }
        control.change(MaintenanceStateChanged.BOOKINGS, EmergencyPolicy.NAME, "maintenance.emergency-outlook",
                c -> c.mode() != Mode.EMERGENCY || c.version() != current.version() ? Optional.empty()
                        : Optional.of(c.expecting(expected, clock.instant())))
                .ifPresent(s -> log.info("emergency maintenance expected to end {} (hold {})",
                        expected == null ? "when a writer is verified" : expected, policy.hold()));
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

    /** The follower is a bean of its own, so it starts and stops with the context. */
    @Bean
    TopicFollower emergencyPolicyFollower() {
        return follower;
    }
}
