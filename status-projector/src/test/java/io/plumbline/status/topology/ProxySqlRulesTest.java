package io.plumbline.status.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.events.EventPayload;
import io.plumbline.events.topology.FailoverDetected;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules alone, on snapshots as ProxySQL's admin tables give them (the reader is tested in ProxySqlReaderTest). */
class ProxySqlRulesTest {

    private final Instant now = Instant.parse("2026-11-25T01:00:00Z");
    private final ProxySqlRules rules = new ProxySqlRules("plumbline-db", 10, 2);

    private ProxySqlSnapshot snapshot(ProxySqlSnapshot.Backend... backends) {
        return new ProxySqlSnapshot(List.of(backends), now);
    }

    private static ProxySqlSnapshot.Backend writer(String server) {
        return new ProxySqlSnapshot.Backend(10, server, "ONLINE", false, null);
    }

    private static ProxySqlSnapshot.Backend shunned(String server) {
        return new ProxySqlSnapshot.Backend(10, server, "SHUNNED", null, "Can't connect to MySQL server on '" + server + "' (111)");
    }

    private static ProxySqlSnapshot.Backend reader(String server) {
        return new ProxySqlSnapshot.Backend(20, server, "ONLINE", true, null);
    }

    private static List<Class<?>> types(List<EventPayload> facts) {
        return facts.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void aFreshWatcherTakesTheWriterItSeesAsTheBaseline() {
        assertThat(types(rules.observe(snapshot(writer("mysql-m"), reader("mysql-s")), now)))
                .doesNotContain(WriterRestored.class, WriterLost.class);
    }

    @Test
    void aLeaderTakingOverAfterAnUnrestoredLossReportsTheWritersReturn() {
        // the previous leader published WriterLost(mysql-m) and went away; this one starts from that
        rules.resumeAfterLoss("mysql-m");
        assertThat(types(rules.observe(snapshot(shunned("mysql-m"), reader("mysql-s")), now)))
                .as("no second WriterLost for the same outage").doesNotContain(WriterLost.class);
        List<EventPayload> facts = rules.observe(snapshot(writer("mysql-s"), reader("mysql-s")), now);
        assertThat(facts).contains(new WriterRestored("plumbline-db", "mysql-s", false, now),
                new FailoverDetected("plumbline-db", "mysql-m", "mysql-s", now));
    }

    @Test
    void aLeaderTakingOverAfterAnUnrestoredLossOfTheSameWriterReportsOnlyTheRestore() {
        rules.resumeAfterLoss("mysql-m");
        assertThat(types(rules.observe(snapshot(writer("mysql-m"), reader("mysql-s")), now)))
                .contains(WriterRestored.class).doesNotContain(FailoverDetected.class);
    }
}
