package io.plumbline.status.topology;

import io.plumbline.events.EventPayload;
import io.plumbline.events.topology.FailoverDetected;
import io.plumbline.events.topology.ReplicationLagHigh;
import io.plumbline.events.topology.ReplicationStopped;
import io.plumbline.events.topology.ServerOnline;
import io.plumbline.events.topology.ServerShunned;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns probe rounds into topology facts, on change only. Reachability and the writer are debounced: a server or the
 * writer counts as lost after {@code failureThreshold} consecutive bad rounds and as back after
 * {@code recoveryThreshold} good ones, so one dropped packet does not put customers into maintenance. The first
 * stable state of each server is reported once (a baseline for the projections); a missing writer is reported even
 * at start-up, because that is what the emergency policy must hear. Not thread-safe: one watcher thread owns it.
 */
class TopologyRules {

    private final String cluster;
    private final int failureThreshold;
    private final int recoveryThreshold;
    private final long lagThresholdSeconds;
    private final Map<String, ServerState> servers = new HashMap<>();
    private WriterState writer = WriterState.UNKNOWN;
    private String currentWriter;
    private String lastWriter;
    private int writerMisses;
    private int writerHits;
    private String writerCandidate;

    private enum WriterState { UNKNOWN, PRESENT, LOST }

    private static final class ServerState {
        Boolean up;        // null until the first stable state
        String role;
        int misses;
        int hits;
        Boolean replicationRunning;
        String stoppedThreads; // which threads were down when a stop was last reported, null while running
        boolean lagHigh;
    }

    TopologyRules(String cluster, int failureThreshold, int recoveryThreshold, long lagThresholdSeconds) {
        this.cluster = cluster;
        this.failureThreshold = failureThreshold;
        this.recoveryThreshold = recoveryThreshold;
        this.lagThresholdSeconds = lagThresholdSeconds;
    }

    List<EventPayload> observe(List<ServerObservation> round, Instant now) {
        List<EventPayload> facts = new ArrayList<>();
        for (ServerObservation o : round) {
            server(o, now, facts);
        }
        writer(round, now, facts);
        return facts;
    }

    /** The writer as last decided, or {@code null} when there is none (or none known yet). */
    String writer() {
        return writer == WriterState.PRESENT ? currentWriter : null;
    }

    private void server(ServerObservation o, Instant now, List<EventPayload> facts) {
        ServerState s = servers.computeIfAbsent(o.server(), k -> new ServerState());
        if (o.reachable()) {
            s.hits++;
            s.misses = 0;
            String role = Boolean.FALSE.equals(o.readOnly()) ? "WRITER" : "READER";
            boolean becameUp = !Boolean.TRUE.equals(s.up) && (s.up == null || s.hits >= recoveryThreshold);
            if (becameUp || (Boolean.TRUE.equals(s.up) && !role.equals(s.role))) {
                s.up = true;
                s.role = role;
                facts.add(new ServerOnline(cluster, o.server(), null, role, now));
            }
            replication(o, s, now, facts);
        } else {
            s.misses++;
            s.hits = 0;
            if (!Boolean.FALSE.equals(s.up) && s.misses >= failureThreshold) {
                s.up = false;
                facts.add(new ServerShunned(cluster, o.server(), null, "UNREACHABLE", o.error(), now));
            }
        }
    }

    private void replication(ServerObservation o, ServerState s, Instant now, List<EventPayload> facts) {
        ServerObservation.Replication r = o.replication();
        if (r == null) {
            s.replicationRunning = null;
            s.stoppedThreads = null;
            s.lagHigh = false;
            return;
        }
        // A stop is reported again when the set of stopped threads changes: STOP SLAVE stops the SQL thread before
        // the I/O thread, and an admin reading "SQL thread stopped" must also learn that the I/O thread followed.
        String threads = r.running() ? null : "io=" + r.ioRunning() + ",sql=" + r.sqlRunning();
        if (threads != null && !threads.equals(s.stoppedThreads)) {
            facts.add(new ReplicationStopped(cluster, o.server(), r.ioRunning(), r.sqlRunning(), r.lastError(), now));
        }
        s.stoppedThreads = threads;
        s.replicationRunning = r.running();
        if (r.lagSeconds() != null) {
            if (!s.lagHigh && r.lagSeconds() >= lagThresholdSeconds) {
                s.lagHigh = true;
                facts.add(new ReplicationLagHigh(cluster, o.server(), r.lagSeconds(), lagThresholdSeconds, now));
            } else if (s.lagHigh && r.lagSeconds() < lagThresholdSeconds / 2) {
                s.lagHigh = false; // hysteresis: report again only after it came well below the threshold
            }
        }
    }

    private void writer(List<ServerObservation> round, Instant now, List<EventPayload> facts) {
        ServerObservation candidate = round.stream().filter(ServerObservation::isWriter).findFirst().orElse(null);
        if (candidate == null) {
            writerHits = 0;
            writerCandidate = null;
            writerMisses++;
            if (writer != WriterState.LOST && writerMisses >= failureThreshold) {
                String lost = writer == WriterState.PRESENT ? currentWriter : null;
                facts.add(new WriterLost(cluster, lost, reason(round, lost), now));
                if (lost != null) {
                    lastWriter = lost;
                }
                writer = WriterState.LOST;
                currentWriter = null;
            }
            return;
        }
        writerMisses = 0;
        writerHits = Objects.equals(writerCandidate, candidate.server()) ? writerHits + 1 : 1;
        writerCandidate = candidate.server();
        switch (writer) {
            case UNKNOWN -> {
                writer = WriterState.PRESENT;
                currentWriter = candidate.server();
            }
            case LOST -> {
                if (writerHits >= recoveryThreshold) {
                    facts.add(new WriterRestored(cluster, candidate.server(), true, now));
                    if (lastWriter != null && !lastWriter.equals(candidate.server())) {
                        facts.add(new FailoverDetected(cluster, lastWriter, candidate.server(), now));
                    }
                    writer = WriterState.PRESENT;
                    currentWriter = candidate.server();
                }
            }
            case PRESENT -> {
                if (!candidate.server().equals(currentWriter) && writerHits >= recoveryThreshold) {
                    facts.add(new FailoverDetected(cluster, currentWriter, candidate.server(), now));
                    lastWriter = currentWriter;
                    currentWriter = candidate.server();
                }
            }
        }
    }

    /**
     * Starts from a writer loss the topic reported and nothing has restored since (a new leader taking over during
     * an outage): the writer's return is then published as {@code WriterRestored}, and no second loss is reported.
     */
    void resumeAfterLoss(String lostWriter) {
        writer = WriterState.LOST;
        currentWriter = null;
        lastWriter = lostWriter;
        writerMisses = failureThreshold;
        writerHits = 0;
        writerCandidate = null;
    }

    private static String reason(List<ServerObservation> round, String lost) {
        return round.stream().filter(o -> lost == null || o.server().equals(lost)).map(o -> {
            if (!o.reachable()) {
                return o.server() + " unreachable: " + o.error();
            }
            if (Boolean.TRUE.equals(o.readOnly())) {
                return o.server() + " is read-only";
            }
            return o.server() + ": " + o.error();
        }).reduce((a, b) -> a + "; " + b).orElse("no server answered");
    }
}
