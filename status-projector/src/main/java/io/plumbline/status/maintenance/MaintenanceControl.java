package io.plumbline.status.maintenance;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.kafka.PublishFailedException;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Reason;
import io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy;
import io.plumbline.status.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Service;

/**
 * Changes the maintenance state of a scope: reads the current state from the compacted log, publishes the next full
 * state with the next version, and reads its own record back. If another replica published the same version first,
 * the record is superseded in every consumer's eyes (they ignore versions they have seen) and the change is published
 * again on top of the winner, so replicas never fork the state.
 */
@Service
public class MaintenanceControl {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceControl.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int ATTEMPTS = 5;

    private final MaintenanceLog states;
    private final EventPublisher publisher;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final Clock clock;

    MaintenanceControl(MaintenanceLog states, EventPublisher publisher, AuditLog audit, MeterRegistry meters) {
        this.states = states;
        this.publisher = publisher;
        this.audit = audit;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /** The state as last read from the log. */
    public MaintenanceStateChanged current(String scope) {
        return states.current(scope);
    }

    /** An admin starts maintenance now, until {@code expectedEnd} (or until ended when {@code null}). */
    public MaintenanceStateChanged startNow(String scope, String actor, Reason reason, Instant expectedEnd) {
        Instant now = clock.instant();
        if (expectedEnd != null && !expectedEnd.isAfter(now)) {
            throw new InvalidMaintenanceRequest("expectedEnd", "must be in the future");
        }
        return changeOrFail(scope, actor, "maintenance.start", current -> Optional.of(new MaintenanceStateChanged(scope,
                Mode.SCHEDULED, reason, now, expectedEnd, admin(actor), current.version() + 1, now)));
    }

    /** An admin schedules a window; every booking-api replica enforces it by its own clock. */
    public MaintenanceStateChanged schedule(String scope, String actor, Reason reason, Instant start, Instant end) {
        Instant now = clock.instant();
        if (!end.isAfter(start)) {
            throw new InvalidMaintenanceRequest("end", "must be after start");
        }
        if (!end.isAfter(now)) {
            throw new InvalidMaintenanceRequest("end", "must be in the future");
        }
        return changeOrFail(scope, actor, "maintenance.schedule", current -> Optional.of(new MaintenanceStateChanged(scope,
                Mode.SCHEDULED, reason, start, end, admin(actor), current.version() + 1, now)));
    }

    /** An admin ends maintenance (scheduled or emergency). */
    public MaintenanceStateChanged end(String scope, String actor) {
        Instant now = clock.instant();
        return changeOrFail(scope, actor, "maintenance.end", current -> {
            if (current.mode() == Mode.OFF) {
                throw new MaintenanceConflict("maintenance is not on");
            }
            return Optional.of(new MaintenanceStateChanged(scope, Mode.OFF, current.reason(), null, null, admin(actor),
                    current.version() + 1, now));
        });
    }

    /**
     * Applies {@code next} to the current state and publishes the result, unless it returns empty (nothing to do).
     * Used by the emergency policy, whose decisions depend on the state at the moment of change.
     */
    public Optional<MaintenanceStateChanged> change(String scope, String actor, String action,
            Function<MaintenanceStateChanged, Optional<MaintenanceStateChanged>> next) {
        synchronized (this) {
            if (!states.awaitCaughtUp(TIMEOUT)) {
                throw new MaintenanceUnavailable("the maintenance log has not been read yet");
            }
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                MaintenanceStateChanged current = states.current(scope);
                Optional<MaintenanceStateChanged> proposed = next.apply(current);
                if (proposed.isEmpty()) {
                    return Optional.empty();
                }
                MaintenanceStateChanged state = proposed.get();
                SendResult<String, byte[]> sent;
                try {
                    sent = publisher.publishAndWait(Topics.MAINTENANCE, scope + "-v" + state.version() + "-" + attempt,
                            state, state.changedAt(), TIMEOUT);
                } catch (PublishFailedException e) {
                    meters.counter("plumbline.maintenance.changes", "outcome", "failed").increment();
                    throw new MaintenanceUnavailable("the broker did not accept the change: " + e.getMessage());
                }
                long offset = sent.getRecordMetadata().offset();
                if (!states.awaitPosition(offset + 1, TIMEOUT)) {
                    throw new MaintenanceUnavailable("the change was published but not read back in time");
                }
                if (!states.superseded(offset)) {
                    meters.counter("plumbline.maintenance.changes", "outcome", "published", "mode", state.mode().name())
                            .increment();
                    audit.record(actor, action, scope, state.mode() + " v" + state.version() + " reason="
                            + (state.reason() == null ? "-" : state.reason().ko() + " / " + state.reason().en())
                            + (state.windowStart() == null && state.windowEnd() == null ? ""
                                    : " window=" + state.windowStart() + ".." + state.windowEnd())
                            + (state.expectedEnd() == null ? "" : " expected-end=" + state.expectedEnd()));
                    log.info("maintenance {} v{} by {} ({})", state.mode(), state.version(), actor, action);
                    return Optional.of(state);
                }
                log.warn("maintenance v{} of {} lost a race with another replica; publishing again", state.version(), scope);
                meters.counter("plumbline.maintenance.changes", "outcome", "superseded").increment();
            }
            throw new MaintenanceUnavailable("concurrent changes kept superseding this one");
        }
    }

    private MaintenanceStateChanged changeOrFail(String scope, String actor, String action,
            Function<MaintenanceStateChanged, Optional<MaintenanceStateChanged>> next) {
        return change(scope, actor, action, next).orElseThrow();
    }

    private static TriggeredBy admin(String actor) {
        return new TriggeredBy(TriggeredBy.Kind.ADMIN, actor);
    }

    /** A request that contradicts itself or the clock; names the offending field. */
    public static class InvalidMaintenanceRequest extends RuntimeException {

        private final String field;

        InvalidMaintenanceRequest(String field, String message) {
            super(field + " " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The same, raised by other adapters (the console's forms) that validate before calling in. */
    public static class InvalidMaintenanceRequestPublic extends InvalidMaintenanceRequest {

        public InvalidMaintenanceRequestPublic(String field, String message) {
            super(field, message);
        }
    }

    /** The change does not apply to the current state. */
    public static class MaintenanceConflict extends RuntimeException {

        MaintenanceConflict(String message) {
            super(message);
        }
    }

    /** The log or the broker cannot take a change right now. */
    public static class MaintenanceUnavailable extends RuntimeException {

        MaintenanceUnavailable(String message) {
            super(message);
        }
    }
}
