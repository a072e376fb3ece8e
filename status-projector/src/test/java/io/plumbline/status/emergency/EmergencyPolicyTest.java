package io.plumbline.status.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import io.plumbline.events.maintenance.MaintenanceStateChanged.TriggeredBy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmergencyPolicyTest {

    private final Instant t0 = Instant.parse("2026-11-25T00:00:00Z");
    private final EmergencyProperties auto = settings(EmergencyProperties.Recovery.AUTO);
    private final EmergencyPolicy policy = new EmergencyPolicy(auto);

    private static EmergencyProperties settings(EmergencyProperties.Recovery recovery) {
        return new EmergencyProperties(true, recovery, Duration.ofSeconds(10), Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofMinutes(5), Set.of("MySQLPrimaryDown", "DatabaseNodeDown"), "점검", "maintenance");
    }

    private static MaintenanceStateChanged state(Mode mode, TriggeredBy.Kind kind, Instant at) {
        return new MaintenanceStateChanged("bookings", mode, null, null, null,
                kind == null ? null : new TriggeredBy(kind, "x"), 3, at);
    }

    @Test
    void writerLossTurnsEmergencyOn() {
        policy.writerLost("db", "mysql-m unreachable", t0, t0);
        assertThat(policy.decide(state(Mode.OFF, null, null), t0)).containsInstanceOf(EmergencyPolicy.TurnOn.class);
        // only once per loss
        assertThat(policy.decide(state(Mode.EMERGENCY, TriggeredBy.Kind.POLICY, t0), t0.plusSeconds(1))).isEmpty();
    }

    @Test
    void dbDownAlertTurnsEmergencyOnButOtherAlertsDoNot() {
        policy.dbAlertFiring("HighCpu", "f1", t0, t0, t0);
        assertThat(policy.decide(state(Mode.OFF, null, null), t0)).isEmpty();
        policy.dbAlertFiring("MySQLPrimaryDown", "f2", t0, t0, t0);
        assertThat(policy.decide(state(Mode.OFF, null, null), t0)).containsInstanceOf(EmergencyPolicy.TurnOn.class);
    }

    @Test
    void staleFactsReplayedAfterRestartTriggerNothing() {
        policy.writerLost("db", "old", t0, t0.plus(Duration.ofHours(1)));
        assertThat(policy.decide(state(Mode.OFF, null, null), t0.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void turnsOffOnlyAfterVerifiedWriterHeldForSettleTime() {
        policy.writerLost("db", "down", t0, t0);
        policy.decide(state(Mode.OFF, null, null), t0);
        MaintenanceStateChanged emergency = state(Mode.EMERGENCY, TriggeredBy.Kind.POLICY, t0);
        policy.writerRestored("db", false, t0.plusSeconds(2));
        assertThat(policy.decide(emergency, t0.plusSeconds(30))).as("unverified writer").isEmpty();
        policy.writerRestored("db", true, t0.plusSeconds(31));
        assertThat(policy.decide(emergency, t0.plusSeconds(40))).as("settling").isEmpty();
        assertThat(policy.decide(emergency, t0.plusSeconds(41))).containsInstanceOf(EmergencyPolicy.TurnOff.class);
    }

    @Test
    void aWriterLostAgainSoonAfterItsRestoreHoldsLongerThanTheSettle() {
        policy.writerLost("db", "down", t0, t0);
        policy.decide(state(Mode.OFF, null, null), t0);
        MaintenanceStateChanged emergency = state(Mode.EMERGENCY, TriggeredBy.Kind.POLICY, t0);
        policy.writerRestored("db", true, t0.plusSeconds(1));
        policy.writerLost("db", "down again", t0.plusSeconds(8), t0.plusSeconds(8));
        assertThat(policy.decide(emergency, t0.plusSeconds(8))).as("already on").isEmpty();
        assertThat(policy.hold()).as("the first repeated loss holds flap-hold").isEqualTo(Duration.ofSeconds(30));
        policy.writerRestored("db", true, t0.plusSeconds(9));
        assertThat(policy.decide(emergency, t0.plusSeconds(19))).as("settle alone is not enough now").isEmpty();
        assertThat(policy.decide(emergency, t0.plusSeconds(39))).get()
                .isInstanceOf(EmergencyPolicy.TurnOff.class)
                .extracting(EmergencyPolicy.Decision::cause).asString().contains("hold 30 s after 1 repeated loss");
    }

    @Test
    void eachRepeatedLossWithinTheFlapWindowDoublesTheHoldUpToItsBound() {
        Instant t = t0;
        MaintenanceStateChanged off = state(Mode.OFF, null, null);
        List<Long> holds = new ArrayList<>();
        for (int loss = 0; loss < 5; loss++) {
            policy.writerLost("db", "down", t, t);
            assertThat(policy.decide(off, t)).as("loss %d turns it on", loss).containsInstanceOf(EmergencyPolicy.TurnOn.class);
            MaintenanceStateChanged emergency = state(Mode.EMERGENCY, TriggeredBy.Kind.POLICY, t);
            Instant restored = t.plusSeconds(5);
            policy.writerRestored("db", true, restored);
            Duration hold = policy.hold();
            holds.add(hold.toSeconds());
            assertThat(policy.outlook(emergency, restored).endsAt()).contains(restored.plus(hold));
            assertThat(policy.decide(emergency, restored.plus(hold).minusSeconds(1))).isEmpty();
            assertThat(policy.decide(emergency, restored.plus(hold))).containsInstanceOf(EmergencyPolicy.TurnOff.class);
            t = restored.plus(hold).plusSeconds(20); // lost again 20 s after customers could book again
        }
        assertThat(holds).containsExactly(10L, 30L, 60L, 120L, 120L);
    }

    @Test
    void aLossLongAfterTheLastRestoreStartsAgainFromTheSettle() {
        policy.writerLost("db", "down", t0, t0);
        policy.writerRestored("db", true, t0.plusSeconds(5));
        policy.writerLost("db", "down", t0.plusSeconds(30), t0.plusSeconds(30));
        policy.writerRestored("db", true, t0.plusSeconds(35));
        assertThat(policy.hold()).isEqualTo(Duration.ofSeconds(30));
        Instant muchLater = t0.plusSeconds(35).plus(Duration.ofMinutes(10)).plusSeconds(1);
        policy.writerLost("db", "down", muchLater, muchLater);
        assertThat(policy.hold()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aFirstLossOfAnotherClusterSoonAfterARestoreIsNotARepeat() {
        policy.writerLost("bookings-db", "down", t0, t0);
        policy.writerRestored("bookings-db", true, t0.plusSeconds(5));
        policy.writerLost("status-db", "down", t0.plusSeconds(30), t0.plusSeconds(30));
        assertThat(policy.hold()).as("status-db never flapped").isEqualTo(Duration.ofSeconds(10));
        policy.writerRestored("status-db", true, t0.plusSeconds(35));
        policy.writerLost("status-db", "down again", t0.plusSeconds(60), t0.plusSeconds(60));
        assertThat(policy.hold()).as("now it does").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void republishingTheEmergencyWithItsExpectedEndDoesNotRestartTheMinimumHold() {
        EmergencyPolicy held = new EmergencyPolicy(new EmergencyProperties(true, EmergencyProperties.Recovery.AUTO,
                Duration.ZERO, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofMinutes(5), Set.of(), "a", "b"));
        held.writerLost("db", "down", t0, t0);
        held.decide(state(Mode.OFF, null, null), t0);
        held.writerRestored("db", true, t0.plusSeconds(35));
        // the emergency began at t0 (its window start); its latest version, with the expected end, came at 36 s
        MaintenanceStateChanged republished = new MaintenanceStateChanged("bookings", Mode.EMERGENCY, null, t0, null,
                new TriggeredBy(TriggeredBy.Kind.POLICY, "x"), 4, t0.plusSeconds(36), t0.plusSeconds(35));
        assertThat(held.decide(republished, t0.plusSeconds(40))).containsInstanceOf(EmergencyPolicy.TurnOff.class);
    }

    @Test
    void aSecondFactOfTheSameOutageIsNotARepeatedLoss() {
        policy.writerLost("db", "down", t0, t0);
        policy.dbAlertFiring("MySQLPrimaryDown", "f", t0.plusSeconds(4), t0.plusSeconds(4), t0.plusSeconds(4));
        policy.writerLost("db", "still down", t0.plusSeconds(6), t0.plusSeconds(6));
        policy.writerRestored("db", false, t0.plusSeconds(8));
        policy.writerLost("db", "probe failed", t0.plusSeconds(9), t0.plusSeconds(9));
        assertThat(policy.hold()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aWriterRestoredInOneClusterDoesNotEndAnEmergencyWhileAnotherClusterHasNone() {
        policy.writerLost("bookings-db", "down", t0, t0);
        policy.decide(state(Mode.OFF, null, null), t0);
        policy.writerLost("status-db", "down", t0.plusSeconds(1), t0.plusSeconds(1));
        MaintenanceStateChanged emergency = state(Mode.EMERGENCY, TriggeredBy.Kind.POLICY, t0);
        policy.writerRestored("status-db", true, t0.plusSeconds(2));
        assertThat(policy.decide(emergency, t0.plusSeconds(60))).as("bookings-db still has no writer").isEmpty();
        policy.writerRestored("bookings-db", true, t0.plusSeconds(61));
        assertThat(policy.decide(emergency, t0.plusSeconds(70))).as("settling from the last restore").isEmpty();
        assertThat(policy.decide(emergency, t0.plusSeconds(71))).containsInstanceOf(EmergencyPolicy.TurnOff.class);
    }

    @Test
    void aRestoreWithoutAVerifiedProbeKeepsItsClusterCountedAsLost() {
        policy.writerLost("a", "down", t0, t0);
        policy.decide(state(Mode.OFF, null, null), t0);
        MaintenanceStateChanged emergency = state(Mode.EMERGENCY, TriggeredBy.Kind.POLICY, t0);
        policy.writerRestored("a", true, t0.plusSeconds(1));
        policy.writerRestored("b", false, t0.plusSeconds(2));
        assertThat(policy.decide(emergency, t0.plusSeconds(60))).as("b's writer is not verified").isEmpty();
        policy.writerRestored("b", true, t0.plusSeconds(61));
        assertThat(policy.decide(emergency, t0.plusSeconds(71))).containsInstanceOf(EmergencyPolicy.TurnOff.class);
    }

    @Test
    void aVerifiedWriterEndsTheEmergencyWhileTheAlertForTheDeadPrimaryStillFires() {
        policy.writerLost("db", "primary unreachable", t0, t0);
        policy.dbAlertFiring("MySQLPrimaryDown", "old-primary", t0.plusSeconds(2), t0.plusSeconds(4), t0.plusSeconds(4));
        policy.decide(state(Mode.OFF, null, null), t0);
        MaintenanceStateChanged emergency = state(Mode.EMERGENCY, TriggeredBy.Kind.POLICY, t0);
        policy.writerRestored("db", true, t0.plusSeconds(9)); // promoted replica, verified by the write probe
        assertThat(policy.decide(emergency, t0.plusSeconds(18))).isEmpty();
        assertThat(policy.decide(emergency, t0.plusSeconds(19))).get()
                .extracting(EmergencyPolicy.Decision::cause).asString()
                .contains("verified by the write probe for 10 s").contains("superseded");
    }

    @Test
    void aDbAlertThatBeganAfterTheVerificationHoldsTheEmergencyUntilResolved() {
        policy.writerLost("db", "down", t0, t0);
        policy.decide(state(Mode.OFF, null, null), t0);
        MaintenanceStateChanged emergency = state(Mode.EMERGENCY, TriggeredBy.Kind.POLICY, t0);
        policy.writerRestored("db", true, t0.plusSeconds(5));
        policy.dbAlertFiring("DatabaseNodeDown", "f", t0.plusSeconds(7), t0.plusSeconds(8), t0.plusSeconds(8));
        assertThat(policy.decide(emergency, t0.plusSeconds(8))).as("already on").isEmpty();
        assertThat(policy.decide(emergency, t0.plusSeconds(60))).isEmpty();
        assertThat(policy.outlook(emergency, t0.plusSeconds(60)).endsAt()).as("unknown while the alert holds").isEmpty();
        policy.alertResolved("f");
        assertThat(policy.decide(emergency, t0.plusSeconds(61))).containsInstanceOf(EmergencyPolicy.TurnOff.class);
    }

    @Test
    void aWriterThatAnswersReadsButRefusesWritesNeverEndsTheEmergency() {
        policy.writerLost("db", "primary unreachable", t0, t0);
        policy.decide(state(Mode.OFF, null, null), t0);
        MaintenanceStateChanged emergency = state(Mode.EMERGENCY, TriggeredBy.Kind.POLICY, t0);
        // a replica promoted in ProxySQL but still read_only: it answers the probe's reads, its write probe fails
        policy.writerRestored("db", false, t0.plusSeconds(9));
        assertThat(policy.decide(emergency, t0.plusSeconds(600))).isEmpty();
        assertThat(policy.outlook(emergency, t0.plusSeconds(600)).endsAt()).isEmpty();
    }

    @Test
    void manualRecoveryAndAdminEmergenciesAreNeverEndedByThePolicy() {
        EmergencyPolicy manual = new EmergencyPolicy(settings(EmergencyProperties.Recovery.MANUAL));
        manual.writerLost("db", "down", t0, t0);
        manual.decide(state(Mode.OFF, null, null), t0);
        manual.writerRestored("db", true, t0.plusSeconds(1));
        assertThat(manual.decide(state(Mode.EMERGENCY, TriggeredBy.Kind.POLICY, t0), t0.plusSeconds(600))).isEmpty();

        policy.writerRestored("db", true, t0);
        assertThat(policy.decide(state(Mode.EMERGENCY, TriggeredBy.Kind.ADMIN, t0), t0.plusSeconds(600))).isEmpty();
    }

    @Test
    void minimumHoldKeepsAShortOutageFromTogglingCustomers() {
        policy.writerLost("db", "blip", t0, t0);
        policy.decide(state(Mode.OFF, null, null), t0);
        EmergencyPolicy quick = new EmergencyPolicy(new EmergencyProperties(true, EmergencyProperties.Recovery.AUTO,
                Duration.ZERO, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofMinutes(5), Set.of(), "a", "b"));
        quick.writerLost("db", "blip", t0, t0);
        quick.decide(state(Mode.OFF, null, null), t0);
        quick.writerRestored("db", true, t0.plusSeconds(1));
        MaintenanceStateChanged emergency = state(Mode.EMERGENCY, TriggeredBy.Kind.POLICY, t0);
        assertThat(quick.decide(emergency, t0.plusSeconds(10))).isEmpty();
        assertThat(quick.decide(emergency, t0.plusSeconds(30))).containsInstanceOf(EmergencyPolicy.TurnOff.class);
    }
}
