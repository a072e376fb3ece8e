package io.plumbline.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.plumbline.booking.maintenance.MaintenanceGate;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * booking-api's one consumer, the maintenance follower, applies each maintenance state once: a redelivered record (same
 * event id, same version) that arrives after the state that replaced it does not bring the old state back. It keeps no
 * processed-event log because the state carries its version; this test is what holds it to that.
 */
class DuplicateMaintenanceEventTest extends BookingApiTestSupport {

    @Autowired
    EventPublisher events;

    @Autowired
    MaintenanceGate gate;

    @Test
    void aRedeliveredMaintenanceStateAfterItsSuccessorDoesNotComeBack() {
        List<Long> applied = new CopyOnWriteArrayList<>();
        gate.onChange(s -> applied.add(s.version()));
        String emergencyId = UUID.randomUUID().toString();
        MaintenanceStateChanged emergency = state(Mode.EMERGENCY);
        publish(emergencyId, emergency);
        await().atMost(Duration.ofSeconds(30)).until(() -> gate.decision().state() != null
                && gate.decision().state().version() == emergency.version());

        MaintenanceStateChanged off = state(Mode.OFF);
        publish(UUID.randomUUID().toString(), off);
        await().atMost(Duration.ofSeconds(30)).until(() -> gate.decision().state().version() == off.version());

        publish(emergencyId, emergency); // the duplicate, redelivered late
        MaintenanceStateChanged marker = state(Mode.OFF); // same partition (one), after the duplicate
        publish(UUID.randomUUID().toString(), marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> gate.decision().state().version() == marker.version());

        assertThat(applied).as("versions applied, in order").containsExactly(emergency.version(), off.version(),
                marker.version());
        assertThat(gate.decision().writesBlocked()).isFalse();
    }

    private void publish(String eventId, MaintenanceStateChanged state) {
        events.publishAndWait(Topics.MAINTENANCE, eventId, state, Instant.now(), Duration.ofSeconds(10));
    }

    private static MaintenanceStateChanged state(Mode mode) {
        return new MaintenanceStateChanged(MaintenanceStateChanged.BOOKINGS, mode,
                new MaintenanceStateChanged.Reason("중복 전달 시험", "duplicate delivery test"), null, null,
                new MaintenanceStateChanged.TriggeredBy(MaintenanceStateChanged.TriggeredBy.Kind.ADMIN, "test"),
                System.nanoTime(), Instant.now());
    }
}
