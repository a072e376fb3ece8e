package io.plumbline.status.emergency;

import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rule, without Kafka: facts update the policy's view; {@link #decide} says what the maintenance state should
 * become.
 *
 * <p>Turning on reacts to an edge (a new loss or a newly firing DB-down alert), so an admin who ends an emergency is
 * not overruled by the same old fact.
 *
 * <p>Turning off needs, all at once: an emergency this policy started, automatic recovery, every cluster's writer
 * restored <em>and verified by the write probe</em>, unbroken for the current hold, and the emergency older than
 * {@code minimumHold}. The platform's own verification outranks Alertmanager: a DB-down alert that began firing before
 * the writer was verified does not hold the emergency (the dead server it names stays down after a failover, and its
 * resolve can take minutes); one that began after the verification does, until it resolves.
 *
 * <p>The hold is {@code settle} after a first loss. A cluster whose writer is lost again within {@code flapWindow} of
 * its last verified restore is flapping: each such loss holds longer ({@code flapHold}, doubled per repeat, at most {@code maxHold}), so
 * one bad server cannot toggle customers between "book" and "come back later". A loss more than {@code flapWindow} after
 * the last verified restore starts again from {@code settle}. Writers are tracked per cluster: a writer restored in one
 * cluster does not end an emergency while another cluster still has none, and the hold runs from the restore that
 * left no cluster without a verified writer.
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

    /**
     * What the policy is waiting for, for the console and for customers' {@code Retry-After}.
     *
     * @param hold          how long a verified writer must hold before the emergency ends
     * @param repeatedLosses losses within the flapping window that made the hold grow (0: a first loss)
     * @param endsAt        when the emergency ends if nothing else happens; empty while no verified writer is known
     */
    public record Outlook(Duration hold, int repeatedLosses, Optional<Instant> endsAt) {
    }

    private final EmergencyProperties settings;
    /** Clusters without a writer, or whose writer came back without a verified write probe. */
    private final Set<String> writerlessClusters = new HashSet<>();
    private Instant verifiedSince;
    /** Firing DB-down alerts by fingerprint, with the time each began. */
    private final Map<String, Instant> firingDbAlerts = new HashMap<>();
    private String pendingTrigger;
    private Instant lastTriggeredAt;
    /** Per cluster: its last verified restore (a loss soon after it is a flap) and how often it flapped in a row. */
    private final Map<String, Instant> lastVerifiedRestore = new HashMap<>();
    private final Map<String, Integer> repeats = new HashMap<>();
    /** The clusters lost in the current outage. */
    private final Set<String> outageClusters = new HashSet<>();
    /** The most repeats among the clusters of the current outage: what the hold grows with. */
    private int repeatedLosses;

    public EmergencyPolicy(EmergencyProperties settings) {
        this.settings = settings;
    }

    public synchronized void writerLost(String cluster, String reason, Instant at, Instant now) {
        Instant when = at == null ? now : at;
        if (verifiedSince != null || writerlessClusters.isEmpty()) {
            outageClusters.clear(); // a new outage, not the same one seen again
            repeatedLosses = 0;
        }
        if (outageClusters.add(cluster)) {
            // this cluster's writer lost soon after its last good restore: it flaps
            Instant restored = lastVerifiedRestore.get(cluster);
            boolean flapping = restored != null && !when.isAfter(restored.plus(settings.flapWindow()));
            int n = flapping ? repeats.getOrDefault(cluster, 0) + 1 : 0;
            repeats.put(cluster, n);
            repeatedLosses = Math.max(repeatedLosses, n);
        }
        writerlessClusters.add(cluster);
        verifiedSince = null;
        if (fresh(at, now)) {
            pendingTrigger = "writer lost in " + cluster + (reason == null ? "" : ": " + reason)
                    + (repeatedLosses > 0 ? " (lost again " + repeatedLosses + "× within " + human(settings.flapWindow())
                            + " of a restore: hold " + human(hold()) + ")" : "");
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
            for (String lost : outageClusters.isEmpty() ? Set.of(cluster) : outageClusters) {
                lastVerifiedRestore.put(lost, at);
            }
        }
    }

    public synchronized void dbAlertFiring(String alertname, String fingerprint, Instant startsAt, Instant at, Instant now) {
        if (!settings.dbDownAlerts().contains(alertname)) {
            return;
        }
        boolean isNew = firingDbAlerts.putIfAbsent(fingerprint, startsAt != null ? startsAt : at != null ? at : now) == null;
        if (isNew && fresh(at, now)) {
            pendingTrigger = "alert " + alertname + " firing";
        }
    }

    public synchronized void alertResolved(String fingerprint) {
        firingDbAlerts.remove(fingerprint);
    }

    /** Losses within the flapping window of a verified restore that made the current hold grow (0: a first loss). */
    public synchronized int repeatedLosses() {
        return repeatedLosses;
    }

    /** How long a verified writer must hold now: {@code settle}, or longer for a flapping writer. */
    public synchronized Duration hold() {
        if (repeatedLosses == 0) {
            return settings.settle();
        }
        Duration grown = settings.flapHold();
        for (int i = 1; i < repeatedLosses && grown.compareTo(settings.maxHold()) < 0; i++) {
            grown = grown.multipliedBy(2);
        }
        Duration atLeastSettle = grown.compareTo(settings.settle()) < 0 ? settings.settle() : grown;
        return atLeastSettle.compareTo(settings.maxHold()) > 0 ? settings.maxHold() : atLeastSettle;
    }

    /** What an emergency in {@code current} waits for, as of {@code now}. */
    public synchronized Outlook outlook(MaintenanceStateChanged current, Instant now) {
        Duration hold = hold();
        if (!writerlessClusters.isEmpty() || verifiedSince == null || blockingAlert().isPresent()) {
            return new Outlook(hold, repeatedLosses, Optional.empty());
        }
        Instant end = verifiedSince.plus(hold);
        Instant held = heldFrom(current, now).plus(settings.minimumHold());
        return new Outlook(hold, repeatedLosses, Optional.of(end.isAfter(held) ? end : held));
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
        Duration hold = hold();
        if (writerlessClusters.isEmpty() && verifiedSince != null && blockingAlert().isEmpty()
                && !now.isBefore(verifiedSince.plus(hold))
                && !now.isBefore(heldFrom(current, now).plus(settings.minimumHold()))) {
            return Optional.of(new TurnOff(offCause(now, hold)));
        }
        return Optional.empty();
    }

    private String offCause(Instant now, Duration hold) {
        StringBuilder cause = new StringBuilder("writer verified by the write probe for ")
                .append(human(Duration.between(verifiedSince, now)));
        if (repeatedLosses > 0) {
            cause.append(" (hold ").append(human(hold)).append(" after ").append(repeatedLosses)
                    .append(repeatedLosses == 1 ? " repeated loss)" : " repeated losses)");
        }
        if (!firingDbAlerts.isEmpty()) {
            cause.append("; DB-down alert still firing since before the verification, superseded");
        }
        return cause.toString();
    }

    /** A DB-down alert that began after the writer was verified: the platform's verification is older than it. */
    private Optional<Instant> blockingAlert() {
        return firingDbAlerts.values().stream().filter(began -> verifiedSince == null || began.isAfter(verifiedSince))
                .findFirst();
    }

    private Instant heldFrom(MaintenanceStateChanged current, Instant now) {
        // when the emergency began (its window start), not when its latest version was published: republishing it with
        // an expected end must not restart the minimum hold
        Instant since = current.windowStart() != null ? current.windowStart()
                : current.changedAt() == null ? now : current.changedAt();
        return lastTriggeredAt == null || lastTriggeredAt.isBefore(since) ? since : lastTriggeredAt;
    }

    private boolean fresh(Instant at, Instant now) {
        return at == null || !at.isBefore(now.minus(settings.maxEventAge()));
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? s / 60 + " min" : s + " s";
    }
}
