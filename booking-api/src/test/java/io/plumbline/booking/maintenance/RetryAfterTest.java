package io.plumbline.booking.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy;
import org.junit.jupiter.api.Test;

/** Retry-After says what the platform expects, not a constant. */
class RetryAfterTest {

    private final Instant now = Instant.parse("2026-12-03T01:00:00Z");
    private final TriggeredBy policy = new TriggeredBy(TriggeredBy.Kind.POLICY, "emergency-policy");

    private MaintenanceGate.Decision refused(MaintenanceStateChanged state) {
        return new MaintenanceGate.Decision(true, false, state.mode(), state, false);
    }

    @Test
    void anEmergencyWhoseEndIsNotKnownYetAsksClientsBackSoon() {
        var state = new MaintenanceStateChanged("bookings", Mode.EMERGENCY, null, now, null, policy, 4, now);
        assertThat(refused(state).retryAfter(now)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anEmergencyWithAVerifiedWriterAsksClientsBackAtItsExpectedEnd() {
        var state = new MaintenanceStateChanged("bookings", Mode.EMERGENCY, null, now, null, policy, 5, now,
                now.plusSeconds(32));
        assertThat(refused(state).retryAfter(now.plusSeconds(2))).isEqualTo(Duration.ofSeconds(30));
        assertThat(refused(state).retryAfter(now.plusSeconds(40))).as("overdue: at least a second")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aScheduledWindowAsksClientsBackAtItsEnd() {
        var state = new MaintenanceStateChanged("bookings", Mode.SCHEDULED, null, now.minusSeconds(60), now.plusSeconds(600),
                new TriggeredBy(TriggeredBy.Kind.ADMIN, "admin"), 2, now);
        assertThat(refused(state).retryAfter(now)).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void whileTheStateIsStillBeingReadClientsComeBackInAFewSeconds() {
        assertThat(new MaintenanceGate.Decision(true, false, Mode.OFF, null, true).retryAfter(now))
                .isEqualTo(Duration.ofSeconds(5));
    }
}
