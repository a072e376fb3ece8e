package io.plumbline.status.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.events.EventPayload;
import io.plumbline.events.topology.FailoverDetected;
import io.plumbline.events.topology.ReplicationLagHigh;
import io.plumbline.events.topology.ReplicationStopped;
import io.plumbline.events.topology.ServerOnline;
import io.plumbline.events.topology.ServerShunned;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import io.plumbline.status.topology.ServerObservation.Replication;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyRulesTest {

    private final Instant now = Instant.parse("2026-11-25T00:00:00Z");
    private final TopologyRules rules = new TopologyRules("db", 2, 2, 30);

    private ServerObservation writer(String name) {
        return new ServerObservation(name, true, false, null, "0-1-5", true, null, now);
    }

    private ServerObservation replica(String name, boolean io, boolean sql, long lag) {
        return new ServerObservation(name, true, true, new Replication(io, sql, lag, null), "0-1-5", false, null, now);
    }

    private ServerObservation stopped(String name, boolean io, boolean sql) {
        return new ServerObservation(name, true, true, new Replication(io, sql, null, null), "0-1-5", false, null, now);
    }

    private ServerObservation down(String name) {
        return ServerObservation.unreachable(name, "Connection refused", now);
    }

    private List<Class<?>> types(List<EventPayload> facts) {
        return facts.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void reportsTheBaselineOnceAndThenOnlyChanges() {
        assertThat(types(rules.observe(List.of(writer("m"), replica("s", true, true, 0)), now)))
                .containsExactly(ServerOnline.class, ServerOnline.class);
        assertThat(rules.observe(List.of(writer("m"), replica("s", true, true, 0)), now)).isEmpty();
    }

    @Test
    void aLeaderTakingOverAfterAnUnrestoredLossReportsTheWritersReturn() {
        // the previous leader published WriterLost(m) and went away; this one starts from that
        rules.resumeAfterLoss("m");
        assertThat(types(rules.observe(List.of(down("m"), replica("s", false, true, 0)), now)))
                .as("no second WriterLost for the same outage").doesNotContain(WriterLost.class);
        assertThat(types(rules.observe(List.of(writer("s")), now))).as("one good round").doesNotContain(WriterRestored.class);
        List<EventPayload> facts = rules.observe(List.of(writer("s")), now);
        assertThat(types(facts)).contains(WriterRestored.class, FailoverDetected.class);
        FailoverDetected failover = (FailoverDetected) facts.stream().filter(FailoverDetected.class::isInstance).findFirst().orElseThrow();
        assertThat(failover.toString()).contains("m").contains("s");
    }

    @Test
    void aFreshLeaderWithoutAnUnrestoredLossReportsNoRestore() {
        assertThat(types(rules.observe(List.of(writer("m")), now))).doesNotContain(WriterRestored.class);
        assertThat(types(rules.observe(List.of(writer("m")), now))).doesNotContain(WriterRestored.class);
    }

    @Test
    void writerLossIsDebouncedAndReportedOnce() {
        rules.observe(List.of(writer("m"), replica("s", true, true, 0)), now);
        assertThat(rules.observe(List.of(down("m"), replica("s", true, true, 0)), now)).as("one bad round").isEmpty();
        List<EventPayload> facts = rules.observe(List.of(down("m"), replica("s", false, true, 0)), now);
        assertThat(types(facts)).contains(ServerShunned.class, WriterLost.class, ReplicationStopped.class);
        WriterLost lost = (WriterLost) facts.stream().filter(WriterLost.class::isInstance).findFirst().orElseThrow();
        assertThat(lost.lastWriter()).isEqualTo("m");
        assertThat(lost.reason()).contains("Connection refused");
        assertThat(rules.observe(List.of(down("m"), replica("s", false, true, 0)), now)).isEmpty();
    }

    @Test
    void writerRestoredNeedsConsecutiveVerifiedRounds() {
        rules.observe(List.of(writer("m")), now);
        rules.observe(List.of(down("m")), now);
        rules.observe(List.of(down("m")), now);
        assertThat(types(rules.observe(List.of(writer("m")), now))).doesNotContain(WriterRestored.class);
        List<EventPayload> facts = rules.observe(List.of(writer("m")), now);
        assertThat(types(facts)).contains(WriterRestored.class, ServerOnline.class).doesNotContain(FailoverDetected.class);
        assertThat(((WriterRestored) facts.stream().filter(WriterRestored.class::isInstance).findFirst().orElseThrow())
                .probeVerified()).isTrue();
    }

    @Test
    void readOnlyOrFailedWriteProbeIsNotAWriter() {
        rules.observe(List.of(writer("m")), now);
        ServerObservation failedProbe = new ServerObservation("m", true, false, null, null, false, "write probe failed", now);
        rules.observe(List.of(failedProbe), now);
        assertThat(types(rules.observe(List.of(failedProbe), now))).containsExactly(WriterLost.class);
    }

    @Test
    void promotedReplicaIsAFailover() {
        rules.observe(List.of(writer("m"), replica("s", true, true, 0)), now);
        rules.observe(List.of(down("m"), replica("s", false, true, 0)), now);
        rules.observe(List.of(down("m"), replica("s", false, true, 0)), now);
        rules.observe(List.of(down("m"), writer("s")), now);
        List<EventPayload> facts = rules.observe(List.of(down("m"), writer("s")), now);
        assertThat(facts).contains(new WriterRestored("db", "s", true, now), new FailoverDetected("db", "m", "s", now));
    }

    @Test
    void missingWriterAtStartIsReported() {
        rules.observe(List.of(down("m")), now);
        assertThat(types(rules.observe(List.of(down("m")), now))).containsExactly(ServerShunned.class, WriterLost.class);
    }

    @Test
    void aStopIsReportedAgainWhenTheSecondThreadFollows() {
        rules.observe(List.of(writer("m"), replica("s", true, true, 0)), now);
        // STOP SLAVE: the SQL thread stops first, the probe can catch the I/O thread still running
        List<EventPayload> first = rules.observe(List.of(writer("m"), stopped("s", true, false)), now);
        assertThat(first).singleElement().isInstanceOfSatisfying(ReplicationStopped.class, r -> assertThat(r.ioRunning()).isTrue());
        List<EventPayload> second = rules.observe(List.of(writer("m"), stopped("s", false, false)), now);
        assertThat(second).singleElement().isInstanceOfSatisfying(ReplicationStopped.class, r -> assertThat(r.ioRunning()).isFalse());
        assertThat(rules.observe(List.of(writer("m"), stopped("s", false, false)), now)).as("no change, no report").isEmpty();
        rules.observe(List.of(writer("m"), replica("s", true, true, 0)), now);
        assertThat(types(rules.observe(List.of(writer("m"), stopped("s", false, false)), now)))
                .as("a new stop after a restart").containsExactly(ReplicationStopped.class);
    }

    @Test
    void lagIsReportedWhenCrossingTheThresholdWithHysteresis() {
        rules.observe(List.of(writer("m"), replica("s", true, true, 0)), now);
        assertThat(types(rules.observe(List.of(writer("m"), replica("s", true, true, 31)), now))).containsExactly(ReplicationLagHigh.class);
        assertThat(rules.observe(List.of(writer("m"), replica("s", true, true, 20)), now)).isEmpty();
        assertThat(rules.observe(List.of(writer("m"), replica("s", true, true, 40)), now)).isEmpty();
        rules.observe(List.of(writer("m"), replica("s", true, true, 5)), now);
        assertThat(types(rules.observe(List.of(writer("m"), replica("s", true, true, 35)), now))).containsExactly(ReplicationLagHigh.class);
    }
}
