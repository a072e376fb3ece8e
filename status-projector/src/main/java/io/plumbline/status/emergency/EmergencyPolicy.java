package io.plumbline.status.emergency;

import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The rule, without Kafka: facts update the policy's view; {@link #decide} says what the maintenance state should
 * become. Turning on reacts to an edge (a new loss or a newly firing DB-down alert), so an admin who ends an
 * emergency is not overruled by the same old fact. Turning off needs, all at once: an emergency this policy started,
 * automatic recovery, a verified writer restored and unbroken for {@code settle}, no DB-down alert firing, and the
 * emergency older than {@code minimumHold}. Any new loss restarts the settle clock (hysteresis). Writers are tracked
 * per cluster: a writer restored in one cluster does not end an emergency while another cluster still has none, and
 * the settle clock runs from the restore that left no cluster without a verified writer.
 */
public class EmergencyPolicy {

    /** The policy's name in {@code triggeredBy}. */
    public static final String NAME = "emergency-policy";

    public sealed interface Decision {
        String cause();
    }

    public record TurnOn(String cause) implements Decision {
    }

    public record TurnOff(String cause) implements Decision {
    }

    private final EmergencyProperties settings;
    /** Clusters without a writer, or whose writer came back without a verified write probe. */
    private final Set<String> writerlessClusters = new HashSet<>();
    private Instant verifiedSince;
    private final Set<String> firingDbAlerts = new HashSet<>();
    private String pendingTrigger;
    private Instant lastTriggeredAt;

    public EmergencyPolicy(EmergencyProperties settings) {
        this.settings = settings;
    }

    public synchronized void writerLost(String cluster, String reason, Instant at, Instant now) {
        writerlessClusters.add(cluster);
        verifiedSince = null;
        if (fresh(at, now)) {
            pendingTrigger = "writer lost in " + cluster + (reason == null ? "" : ": " + reason);
        }
    }

    public synchronized void writerRestored(String cluster, boolean probeVerified, Instant at) {
        if (!probeVerified) {
            writerlessClusters.add(cluster);
            verifiedSince = null;
            return;
        }
        writerlessClusters.remove(cluster);
        if (writerlessClusters.isEmpty()) {
            verifiedSince = at;
        }
    }

    public synchronized void dbAlertFiring(String alertname, String fingerprint, Instant at, Instant now) {
        if (!settings.dbDownAlerts().contains(alertname)) {
            return;
        }
        if (firingDbAlerts.add(fingerprint) && fresh(at, now)) {
            pendingTrigger = "alert " + alertname + " firing";
        }
    }

    public synchronized void alertResolved(String fingerprint) {
        firingDbAlerts.remove(fingerprint);
    }

    /** What the maintenance state should become now, given the current one; empty when it should stay. */
    public synchronized Optional<Decision> decide(MaintenanceStateChanged current, Instant now) {
        if (!settings.enabled()) {
            pendingTrigger = null;
            return Optional.empty();
        }
        if (pendingTrigger != null) {
            String cause = pendingTrigger;
            pendingTrigger = null;
            lastTriggeredAt = now;
            if (current.mode() != Mode.EMERGENCY) {
                return Optional.of(new TurnOn(cause));
            }
            return Optional.empty();
        }
        boolean ours = current.mode() == Mode.EMERGENCY && current.triggeredBy() != null
                && current.triggeredBy().kind() == TriggeredBy.Kind.POLICY;
        if (!ours || settings.recovery() != EmergencyProperties.Recovery.AUTO) {
            return Optional.empty();
        }
        Instant since = current.changedAt() == null ? now : current.changedAt();
        Instant held = lastTriggeredAt == null || lastTriggeredAt.isBefore(since) ? since : lastTriggeredAt;
        if (writerlessClusters.isEmpty() && verifiedSince != null && firingDbAlerts.isEmpty()
                && !now.isBefore(verifiedSince.plus(settings.settle()))
                && !now.isBefore(held.plus(settings.minimumHold()))) {
            return Optional.of(new TurnOff("writer verified for " + Duration.between(verifiedSince, now).toSeconds() + " s"));
        }
        return Optional.empty();
    }

    private boolean fresh(Instant at, Instant now) {
        return at == null || !at.isBefore(now.minus(settings.maxEventAge()));
    }
}
