package io.plumbline.booking.maintenance;

import java.time.Duration;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The maintenance state of the {@code bookings} scope as this replica knows it. Decides by its own clock, from the
 * full state, whether writes are refused now (a scheduled window opens and closes without any further event).
 */
@Component("maintenanceGate")
public class MaintenanceGate implements HealthIndicator {

    private final Clock clock;
    private volatile MaintenanceStateChanged state;
    private volatile boolean caughtUp;
    private final List<Consumer<MaintenanceStateChanged>> listeners = new CopyOnWriteArrayList<>();

    MaintenanceGate(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        meters.gauge("plumbline.maintenance.writes_blocked", this, g -> g.decision().writesBlocked() ? 1 : 0);
        meters.gauge("plumbline.maintenance.caught_up", this, g -> g.caughtUp ? 1 : 0);
        meters.gauge("plumbline.maintenance.version", this, g -> g.state == null ? 0 : g.state.version());
    }

    /** Applies a state; an older or equal version than the one held is ignored (at-least-once, replays). */
    synchronized boolean apply(MaintenanceStateChanged next) {
        if (!MaintenanceStateChanged.BOOKINGS.equals(next.scope())) {
            return false;
        }
        if (state != null && next.version() <= state.version()) {
            return false;
        }
        state = next;
        listeners.forEach(l -> l.accept(next));
        return true;
    }

    void markCaughtUp() {
        caughtUp = true;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** What holds now. Before the replica has caught up with the topic, writes are refused. */
    public Decision decision() {
        Instant now = clock.instant();
        MaintenanceStateChanged s = state;
        if (!caughtUp) {
            return new Decision(true, false, Mode.OFF, s, true);
        }
        if (s == null) {
            return new Decision(false, false, Mode.OFF, null, false);
        }
        boolean blocked = s.blocksWritesAt(now);
        return new Decision(blocked, blocked && s.mode() == Mode.SCHEDULED, s.mode(), s, false);
    }

    public void onChange(Consumer<MaintenanceStateChanged> listener) {
        listeners.add(listener);
    }

    @Override
    public Health health() {
        Decision d = decision();
        Health.Builder h = caughtUp ? Health.up() : Health.outOfService();
        h.withDetail("caughtUp", caughtUp).withDetail("writesBlocked", d.writesBlocked()).withDetail("mode", d.mode());
        if (state != null) {
            h.withDetail("version", state.version());
        }
        return h.build();
    }

    /**
     * @param writesBlocked      customer writes are refused now
     * @param adminWritesAllowed a scheduled window lets staff keep working (see docs/runbooks/maintenance.md)
     * @param catchingUp         the replica has not read the whole maintenance topic yet
     */
    public record Decision(boolean writesBlocked, boolean adminWritesAllowed, Mode mode, MaintenanceStateChanged state,
            boolean catchingUp) {

        /** While the state is still being read at start-up: it takes a few seconds. */
        static final Duration CATCHING_UP_RETRY = Duration.ofSeconds(5);
        /** An emergency whose end nobody can tell yet: the write probe asks every second, the policy decides within a few. */
        static final Duration EMERGENCY_RETRY = Duration.ofSeconds(5);
        /** An admin's maintenance without an end. */
        static final Duration OPEN_ENDED_RETRY = Duration.ofSeconds(60);

        /**
         * When a refused client should try again: the window's end, the emergency policy's expected end once it has
         * verified a writer, or a short interval while an emergency's end is not known yet.
         */
        public Duration retryAfter(Instant now) {
            if (catchingUp || state == null) {
                return CATCHING_UP_RETRY;
            }
            Instant end = state.windowEnd() != null ? state.windowEnd()
                    : mode == Mode.EMERGENCY ? state.expectedEnd() : null;
            if (end != null) {
                Duration left = Duration.between(now, end);
                return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
            }
            return mode == Mode.EMERGENCY ? EMERGENCY_RETRY : OPEN_ENDED_RETRY;
        }
    }
}
