package io.plumbline.status.topology;

import io.plumbline.events.EventPayload;
import io.plumbline.events.topology.FailoverDetected;
import io.plumbline.events.topology.ServerOnline;
import io.plumbline.events.topology.ServerShunned;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns ProxySQL snapshots into the same topology facts as the direct probe, on change only. ProxySQL has already
 * debounced a server's status (it shuns after its own error thresholds), so each status change of a server in a
 * hostgroup is reported as it is seen; the first status of each is reported once as a baseline. The writer is the
 * ONLINE, not read-only server of the writer hostgroup: none for {@code failureThreshold} reads is {@code WriterLost};
 * a writer again is {@code WriterRestored}, and a different one than before is {@code FailoverDetected}. With a
 * {@link WriteProbe} the restored writer is reported only once a write through ProxySQL succeeded
 * ({@code probeVerified=true}), asked again every round until it does; without one it is reported as soon as ProxySQL
 * shows it ({@code probeVerified=false}: ProxySQL only saw {@code read_only=0}, nothing was written). Not thread-safe:
 * the watcher thread owns it.
 */
class ProxySqlRules {

    /** A write to the writer ProxySQL routes to, and its read-back. */
    @FunctionalInterface
    interface WriteProbe {
        /** @return {@code null} when the write and the read-back succeeded, else why not */
        String failure();
    }

    private final String cluster;
    private final int writerHostgroup;
    private final int failureThreshold;
    private final Map<String, ProxySqlSnapshot.Backend> known = new LinkedHashMap<>();
    private boolean writerKnown;
    private String writer;
    private String lastWriter;
    private int writerMisses;
    private final WriteProbe writeProbe;
    private String writeProbeFailure;

    ProxySqlRules(String cluster, int writerHostgroup, int failureThreshold) {
        this(cluster, writerHostgroup, failureThreshold, null);
    }

    /** @param writeProbe verifies a restored writer before it is reported; {@code null}: reported unverified */
    ProxySqlRules(String cluster, int writerHostgroup, int failureThreshold, WriteProbe writeProbe) {
        this.cluster = cluster;
        this.writerHostgroup = writerHostgroup;
        this.failureThreshold = failureThreshold;
        this.writeProbe = writeProbe;
    }

    /** Why the last write probe of a restored writer failed; {@code null} when none is failing. */
    String writeProbeFailure() {
        return writeProbeFailure;
    }

    List<EventPayload> observe(ProxySqlSnapshot snapshot, Instant now) {
        List<EventPayload> facts = new ArrayList<>();
        Map<String, ProxySqlSnapshot.Backend> current = new HashMap<>();
        for (ProxySqlSnapshot.Backend b : snapshot.backends()) {
            String key = b.hostgroup() + "/" + b.server();
            current.put(key, b);
            ProxySqlSnapshot.Backend before = known.put(key, b);
            if (before == null || before.online() != b.online() || (!b.online() && !before.status().equals(b.status()))) {
                facts.add(b.online() ? new ServerOnline(cluster, b.server(), b.hostgroup(), role(b), now)
                        : new ServerShunned(cluster, b.server(), b.hostgroup(), b.status(), reason(b), now));
            }
        }
        for (var it = known.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!current.containsKey(entry.getKey())) {
                ProxySqlSnapshot.Backend gone = entry.getValue();
                it.remove();
                facts.add(new ServerShunned(cluster, gone.server(), gone.hostgroup(), "OFFLINE_HARD",
                        "no longer in hostgroup " + gone.hostgroup() + " (runtime_mysql_servers)", now));
            }
        }
        writer(snapshot, now, facts);
        return facts;
    }

    private void writer(ProxySqlSnapshot snapshot, Instant now, List<EventPayload> facts) {
        String candidate = snapshot.backends().stream()
                .filter(b -> b.hostgroup() == writerHostgroup && b.online() && !Boolean.TRUE.equals(b.readOnly()))
                .map(ProxySqlSnapshot.Backend::server).sorted().findFirst().orElse(null);
        if (candidate == null) {
            writerMisses++;
            if ((writer != null || !writerKnown) && writerMisses >= failureThreshold) {
                facts.add(new WriterLost(cluster, writer, writerReason(snapshot), now));
                if (writer != null) {
                    lastWriter = writer;
                }
                writer = null;
                writerKnown = true;
            }
            return;
        }
        writerMisses = 0;
        if (!writerKnown) {
            writerKnown = true; // the baseline: the servers' ServerOnline already says who writes
            writer = candidate;
        } else if (writer == null) {
            if (writeProbe != null) {
                writeProbeFailure = writeProbe.failure();
                if (writeProbeFailure != null) {
                    return; // still lost for customers: ProxySQL shows a writer that does not take writes yet
                }
            }
            facts.add(new WriterRestored(cluster, candidate, writeProbe != null, now));
            if (lastWriter != null && !lastWriter.equals(candidate)) {
                facts.add(new FailoverDetected(cluster, lastWriter, candidate, now));
            }
            writer = candidate;
        } else if (!writer.equals(candidate)) {
            facts.add(new FailoverDetected(cluster, writer, candidate, now));
            lastWriter = writer;
            writer = candidate;
        }
    }

    /**
     * Starts from a writer loss the topic reported and nothing has restored since (a new leader taking over during
     * an outage): the writer ProxySQL shows next is published as {@code WriterRestored}, not taken as a silent
     * baseline, and no second loss is reported for the same outage.
     */
    void resumeAfterLoss(String lostWriter) {
        writerKnown = true;
        writer = null;
        lastWriter = lostWriter;
        writerMisses = failureThreshold;
    }

    private String role(ProxySqlSnapshot.Backend b) {
        return b.hostgroup() == writerHostgroup ? "WRITER" : "READER";
    }

    private static String reason(ProxySqlSnapshot.Backend b) {
        return b.lastError() != null ? b.lastError() : b.status() + " in hostgroup " + b.hostgroup();
    }

    private String writerReason(ProxySqlSnapshot snapshot) {
        String writers = snapshot.backends().stream().filter(b -> b.hostgroup() == writerHostgroup)
                .map(b -> b.server() + " " + b.status() + (Boolean.TRUE.equals(b.readOnly()) ? " read_only" : "")
                        + (b.lastError() == null ? "" : " (" + b.lastError() + ")"))
                .collect(Collectors.joining("; "));
        return writers.isEmpty() ? "no server in writer hostgroup " + writerHostgroup
                : "no ONLINE writer in hostgroup " + writerHostgroup + ": " + writers;
    }
}
