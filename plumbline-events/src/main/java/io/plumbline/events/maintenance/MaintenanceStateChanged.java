package io.plumbline.events.maintenance;

import java.time.Instant;

/**
 * The full maintenance state of one scope, published on the compacted {@code ops.maintenance.v1}: the
 * latest record per scope is all a replica needs to know. Each replica evaluates a scheduled window by
 * its own clock ({@link #blocksWritesAt(Instant)}), so nothing has to fire exactly once at the window's edges.
 *
 * @param version     increases by one with every change of the scope; consumers ignore older versions
 * @param expectedEnd when the emergency policy expects to end an emergency it started (a verified writer held for the
 *                    current hold); null while that is not known, and for every other state. A hint for clients'
 *                    {@code Retry-After} and the console — it never ends anything by itself (added in v1, optional)
 */
public record MaintenanceStateChanged(String scope, Mode mode, Reason reason, Instant windowStart, Instant windowEnd,
        TriggeredBy triggeredBy, long version, Instant changedAt, Instant expectedEnd) implements MaintenanceEvent {

    public MaintenanceStateChanged(String scope, Mode mode, Reason reason, Instant windowStart, Instant windowEnd,
            TriggeredBy triggeredBy, long version, Instant changedAt) {
        this(scope, mode, reason, windowStart, windowEnd, triggeredBy, version, changedAt, null);
    }

    /** The same state, one version on, with another expected end. */
    public MaintenanceStateChanged expecting(Instant end, Instant now) {
        return new MaintenanceStateChanged(scope, mode, reason, windowStart, windowEnd, triggeredBy, version + 1, now, end);
    }

    /** The scope that gates booking writes. */
    public static final String BOOKINGS = "bookings";

    public enum Mode { OFF, SCHEDULED, EMERGENCY }

    /** Customer-facing reason in Korean and English. */
    public record Reason(String ko, String en) {
    }

    public record TriggeredBy(Kind kind, String name) {

        public enum Kind { ADMIN, POLICY }
    }

    @Override
    public String subject() {
        return scope;
    }

    /** Whether writes are refused at {@code now}: always in an emergency, inside the window when scheduled. */
    public boolean blocksWritesAt(Instant now) {
        return switch (mode) {
            case OFF -> false;
            case EMERGENCY -> windowEnd == null || now.isBefore(windowEnd);
            case SCHEDULED -> windowStart != null && !now.isBefore(windowStart)
                    && (windowEnd == null || now.isBefore(windowEnd));
        };
    }
}
