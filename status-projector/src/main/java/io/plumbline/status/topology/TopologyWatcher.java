package io.plumbline.status.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventCodec;
import io.plumbline.events.EventPayload;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.EventPublisher;
import io.plumbline.events.kafka.PublishFailedException;
import io.plumbline.status.replicas.Leadership;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the direct probe every {@code plumbline.topology.probe.interval} (or, with {@code plumbline.topology.source=proxysql},
 * reads ProxySQL's admin interface every {@code plumbline.topology.proxysql.interval}) and publishes the facts
 * {@link TopologyRules} / {@link ProxySqlRules} derive on {@code ops.db-topology.v1}. Facts that the broker does not confirm are kept and
 * published first in the next round, so a fact is never silently dropped while Kafka is away.
 *
 * <p>Every replica probes (its console shows the servers as it sees them), but only the {@link Leadership leader}
 * derives and publishes facts, so each fact is published once. A replica that is not the leader forgets its rules'
 * state: when it takes over it starts as a fresh watcher would, with a baseline of the current state.
 */
@Component
public class TopologyWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopologyWatcher.class);

    private final TopologyProperties properties;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final Leadership leadership;
    private TopologyRules rules;
    private final ServerProbe probe;
    private final ProxySqlReader proxySql;
    private ProxySqlRules proxySqlRules;
    private final ProxySqlRules.WriteProbe writeProbe;
    private volatile ProxySqlSnapshot latestProxySql;
    private final List<EventPayload> pending = new ArrayList<>();
    private final Map<String, ServerObservation> latest = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;
    private boolean following;
    private final WriterFacts writerFacts;
    /** Whether the leader's rules start from what the topic last said about the writer (see {@link WriterFacts}). */
    private boolean seeded;

    TopologyWatcher(TopologyProperties properties, EventPublisher publisher, MeterRegistry meters, Leadership leadership,
            EventCodec codec,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.writerFacts = new WriterFacts(bootstrapServers, codec, meters);
        this.properties = properties;
        this.publisher = publisher;
        this.meters = meters;
        this.leadership = leadership;
        this.probe = new ServerProbe(properties.probe(), Clock.systemUTC());
        this.proxySql = new ProxySqlReader(properties.proxysql(), Clock.systemUTC());
        this.writeProbe = writeProbe(properties);
        freshRules();
    }

    private void freshRules() {
        TopologyProperties.Probe p = properties.probe();
        this.rules = new TopologyRules(properties.cluster(), p.failureThreshold(), p.recoveryThreshold(),
                p.lagThreshold().toSeconds());
        TopologyProperties.ProxySql proxy = properties.proxysql();
        this.proxySqlRules = new ProxySqlRules(properties.cluster(), proxy.writerHostgroup(), proxy.failureThreshold(),
                writeProbe);
    }

    /** The ProxySQL write probe, counted and its failures logged when they change; {@code null} when not configured. */
    private ProxySqlRules.WriteProbe writeProbe(TopologyProperties properties) {
        TopologyProperties.WriteProbe settings = properties.proxysql().writeProbe();
        if (!settings.configured()) {
            return null;
        }
        ProxySqlWriteProbe probe = new ProxySqlWriteProbe(settings, properties.probe().username(), properties.probe().password());
        String[] lastFailure = {null};
        return () -> {
            String failure = probe.failure();
            meters.counter("plumbline.topology.proxysql.write-probes", "outcome", failure == null ? "ok" : "error").increment();
            if (failure != null && !failure.equals(lastFailure[0])) {
                log.warn("ProxySQL shows a writer again, but {}; retrying every round", failure);
            } else if (failure == null && lastFailure[0] != null) {
                log.info("ProxySQL write probe succeeded");
            }
            lastFailure[0] = failure;
            return failure;
        };
    }

    private boolean proxySqlSource() {
        return properties.source() == TopologyProperties.Source.PROXYSQL;
    }

    /** The last observation of every server (for the console). */
    public Map<String, ServerObservation> latest() {
        return Map.copyOf(latest);
    }

    void round() {
        boolean leading = leadership.isLeader();
        boolean leader = leading;
        if (!leading && !following) {
            freshRules();
            if (!pending.isEmpty()) {
                // the new leader's baseline reports the current state instead
                log.info("not the leader: {} unpublished topology facts dropped", pending.size());
                pending.clear();
            }
        }
        if (!leading) {
            seeded = false;
        } else if (!seeded) {
            if (!writerFacts.isCaughtUp()) {
                leading = false; // derive nothing until the topic's last word on the writer is known
            } else {
                writerFacts.unrestoredLoss(properties.cluster()).ifPresent(loss -> {
                    log.info("taking over the topology watch after an unrestored writer loss ({}): its return will be reported",
                            loss.lastWriter());
                    if (proxySqlSource()) {
                        proxySqlRules.resumeAfterLoss(loss.lastWriter());
                    } else {
                        rules.resumeAfterLoss(loss.lastWriter());
                    }
                });
                seeded = true;
            }
        }
        following = !leader;
        List<EventPayload> facts;
        if (proxySqlSource()) {
            try {
                ProxySqlSnapshot snapshot = proxySql.read();
                latestProxySql = snapshot;
                facts = leading ? proxySqlRules.observe(snapshot, snapshot.at()) : List.of();
            } catch (java.sql.SQLException e) {
                // ProxySQL's admin interface being away says nothing about the databases: no facts, only a warning
                log.warn("ProxySQL admin interface not readable: {}", e.getMessage());
                meters.counter("plumbline.topology.proxysql.reads", "outcome", "error").increment();
                facts = List.of();
            }
        } else {
            List<ServerObservation> observations = new ArrayList<>();
            for (TopologyProperties.Server server : properties.probe().servers()) {
                ServerObservation o = probe.observe(server);
                latest.put(server.name(), o);
                observations.add(o);
            }
            facts = leading ? rules.observe(observations, Clock.systemUTC().instant()) : List.of();
        }
        facts.forEach(f -> log.info("topology: {}", f));
        pending.addAll(facts);
        while (!pending.isEmpty()) {
            EventPayload fact = pending.get(0);
            try {
                publisher.publishAndWait(Topics.DB_TOPOLOGY, UUID.randomUUID().toString(), fact,
                        Clock.systemUTC().instant(), Duration.ofSeconds(10));
                pending.remove(0);
            } catch (PublishFailedException e) {
                log.warn("topology fact not published yet ({}); {} pending", e.getMessage(), pending.size());
                return;
            }
        }
    }

    /** ProxySQL's last answer (source {@code proxysql} only), for the console; {@code null} before the first. */
    ProxySqlSnapshot latestProxySql() {
        return latestProxySql;
    }

    @Override
    public void start() {
        Duration interval;
        if (proxySqlSource()) {
            log.info("DB topology from ProxySQL's admin interface {}", properties.proxysql().url());
            if (writeProbe == null) {
                log.warn("plumbline.topology.proxysql.write-probe.url not set: a restored writer is reported unverified, "
                        + "so the emergency policy does not end an emergency by itself");
            }
            interval = properties.proxysql().interval();
        } else if (!properties.probe().enabled() || properties.probe().servers().isEmpty()) {
            log.info("direct DB probe disabled");
            return;
        } else {
            interval = properties.probe().interval();
        }
        for (TopologyProperties.Server server : properties.probe().servers()) {
            meters.gauge("plumbline.topology.server.up", io.micrometer.core.instrument.Tags.of("server", server.name()),
                    this, w -> w.latest.containsKey(server.name()) && w.latest.get(server.name()).reachable() ? 1 : 0);
        }
        writerFacts.start();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "topology-probe");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                round();
            } catch (RuntimeException e) {
                log.warn("topology probe round failed: {}", e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        writerFacts.close();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
