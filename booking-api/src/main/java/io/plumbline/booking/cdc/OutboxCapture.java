package io.plumbline.booking.cdc;

import java.io.IOException;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.booking.outbox.Outbox;
import io.plumbline.events.EventCodec;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.EventPublisher;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs Debezium's embedded engine on the outbox table while this replica holds the CDC leadership, and stops it the
 * moment leadership is lost. Health ({@code cdc}) and metrics ({@code plumbline.cdc.*}) say who leads and how far
 * behind publishing is.
 */
@Component("cdc")
class OutboxCapture implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(OutboxCapture.class);

    private final CdcProperties properties;
    private final String bootstrapServers;
    private final OutboxPublisher publisher;
    private final CdcLeadership leadership;
    private final Outbox outbox;
    private final ExecutorService engineThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "cdc-engine"));
    private final AtomicReference<DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>>> engine = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile boolean running;
    private volatile boolean engineRunning;
    private volatile Instant steppedDownUntil;
    private Thread supervisor;

    OutboxCapture(CdcProperties properties, @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            EventPublisher events, EventCodec codec, Outbox outbox, MeterRegistry meters) {
        this.properties = properties;
        this.bootstrapServers = bootstrapServers;
        this.outbox = outbox;
        this.leadership = new CdcLeadership(properties);
        this.publisher = new OutboxPublisher(events, codec, outbox, meters, () -> running && leadership.isLeader());
        meters.gauge("plumbline.cdc.leader", this, c -> c.leadership.isLeader() ? 1 : 0);
        meters.gauge("plumbline.cdc.engine.running", this, c -> c.engineRunning ? 1 : 0);
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            log.warn("CDC disabled (plumbline.cdc.enabled=false): outbox events are not published by this replica");
            return;
        }
        running = true;
        supervisor = new Thread(this::supervise, "cdc-leadership");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** Checks leadership at a fixed interval; starts the engine on gaining it and stops it on losing it. */
    private void supervise() {
        while (running) {
            Instant until = steppedDownUntil;
            // a replica that stepped down released the lock then and does not try for it again until the time is up
            boolean leader = (until == null || !Instant.now().isBefore(until)) && leadership.check();
            if (leader && engine.get() == null) {
                startEngine();
            } else if (!leader && engine.get() != null) {
                stopEngine();
            }
            try {
                TimeUnit.MILLISECONDS.sleep(properties.leaderCheckInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void startEngine() {
        log.info("CDC leadership acquired: starting Debezium on {}:{}", properties.host(), properties.port());
        AtomicReference<DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>>> self = new AtomicReference<>();
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> e = DebeziumEngine.create(Connect.class)
                .using(config())
                .notifying(publisher)
                .using((success, message, error) -> {
                    // a late callback of an engine already replaced must not clear its successor
                    if (!engine.compareAndSet(self.get(), null)) {
                        return;
                    }
                    engineRunning = false;
                    if (!success) {
                        lastError.set(message);
                        log.warn("Debezium engine stopped: {}", message);
                        leadership.release(); // give another replica (or our next check) a clean start
                    }
                })
                .build();
        self.set(e);
        engine.set(e);
        engineRunning = true;
        lastError.set(null);
        engineThread.execute(e);
    }

    private synchronized void stopEngine() {
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> e = engine.getAndSet(null);
        if (e != null) {
            log.info("stopping Debezium (leadership lost or shutting down)");
            try {
                e.close();
            } catch (IOException | IllegalStateException ex) { // "already shutting down" after its own failure
                log.warn("closing Debezium: {}", ex.getMessage());
            }
        }
        engineRunning = false;
    }

    Properties config() {
        Properties p = new Properties();
        boolean maria = properties.flavour() == CdcProperties.Flavour.MARIADB;
        p.setProperty("name", "booking-outbox");
        p.setProperty("connector.class", maria ? "io.debezium.connector.mariadb.MariaDbConnector"
                : "io.debezium.connector.mysql.MySqlConnector");
        p.setProperty("database.hostname", properties.host());
        p.setProperty("database.port", Integer.toString(properties.port()));
        p.setProperty("database.user", properties.username());
        p.setProperty("database.password", properties.password());
        p.setProperty("database.ssl.mode", "disable");
        // a replication client id of its own per start: two engines must never share one
        p.setProperty("database.server.id", Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 2_000_000)));
        p.setProperty("topic.prefix", "booking");
        p.setProperty("database.include.list", properties.database());
        p.setProperty("table.include.list", properties.database() + ".outbox");
        p.setProperty("include.schema.changes", "false");
        p.setProperty("tombstones.on.delete", "false");
        p.setProperty("skipped.operations", "u,d,t"); // the publisher's own deletes are not events
        p.setProperty("snapshot.mode", "when_needed");
        p.setProperty("snapshot.locking.mode", "none");
        p.setProperty("poll.interval.ms", Long.toString(properties.pollInterval().toMillis()));
        p.setProperty("max.batch.size", "512");
        p.setProperty("connect.timeout.ms", "5000");
        p.setProperty("connect.keep.alive.interval.ms", "1000");
        p.setProperty("heartbeat.interval.ms", "5000");
        p.setProperty("errors.max.retries", "-1");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        p.setProperty("offset.storage.topic", properties.offsetsTopic());
        p.setProperty("offset.storage.partitions", "1");
        p.setProperty("offset.storage.replication.factor", "1");
        p.setProperty("offset.flush.interval.ms", "1000");
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
        p.setProperty("schema.history.internal.kafka.topic", properties.schemaHistoryTopic());
        p.setProperty("schema.history.internal.kafka.bootstrap.servers", bootstrapServers);
        p.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
        p.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
        p.setProperty("transforms", "outbox");
        p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        p.setProperty("transforms.outbox.table.field.event.id", "id");
        p.setProperty("transforms.outbox.table.field.event.key", "aggregate_id");
        p.setProperty("transforms.outbox.table.field.event.payload", "payload");
        p.setProperty("transforms.outbox.route.by.field", "aggregate_type");
        p.setProperty("transforms.outbox.route.topic.replacement", Topics.BOOKING_EVENTS.name());
        p.setProperty("transforms.outbox.table.fields.additional.placement", "type:header:eventType,created_at:header:createdAt");
        p.setProperty("transforms.outbox.table.op.invalid.behavior", "warn");
        return p;
    }

    @Override
    public void stop() {
        running = false;
        if (supervisor != null) {
            supervisor.interrupt();
        }
        stopEngine();
        leadership.close();
        engineThread.shutdown();
        try {
            engineThread.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // after the web server and Kafka: capture starts last, stops first
    }

    boolean isLeader() {
        return leadership.isLeader();
    }

    boolean isEngineRunning() {
        return engineRunning;
    }

    /**
     * Hands CDC to another replica: stops the engine, releases the lock and does not try to lead again for
     * {@code duration} (before draining a node, or to move capture off a busy replica).
     */
    void stepDown(java.time.Duration duration) {
        steppedDownUntil = Instant.now().plus(duration);
        stopEngine();
        leadership.release();
    }

    /** Kills the engine as a crash would (for fault tests): leadership is dropped, the next check restarts it. */
    void crashEngine() {
        stopEngine();
        leadership.release();
    }

    @Override
    public Health health() {
        Health.Builder h = properties.enabled() && leadership.isLeader() && !engineRunning ? Health.down() : Health.up();
        h.withDetail("enabled", properties.enabled()).withDetail("leader", leadership.isLeader())
                .withDetail("engineRunning", engineRunning);
        Instant last = publisher.lastPublished();
        if (last != null) {
            h.withDetail("lastPublished", last.toString());
        }
        try {
            h.withDetail("outboxBacklog", outbox.backlog());
        } catch (RuntimeException e) {
            h.withDetail("outboxBacklog", "unknown (database unreachable)");
        }
        if (lastError.get() != null) {
            h.withDetail("lastError", lastError.get());
        }
        return h.build();
    }
}
