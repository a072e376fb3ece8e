package io.plumbline.status.maintenance;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventCodec;
import io.plumbline.events.EventDecodingException;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topics;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The maintenance state as the compacted {@code ops.maintenance.v1} says it is: read from the beginning on start (no
 * consumer group), followed live. It is the only source of the next version number, so several status-projector
 * replicas derive versions from the same log instead of from private counters. A record whose version does not
 * exceed the highest seen for its scope lost a race and is remembered as superseded (see {@link #superseded}).
 */
@Component
public class MaintenanceLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceLog.class);

    private final EventCodec codec;
    private final MeterRegistry meters;
    private final String bootstrapServers;
    private final Map<String, MaintenanceStateChanged> states = new ConcurrentHashMap<>();
    private final Set<Long> supersededOffsets = ConcurrentHashMap.newKeySet();
    private final List<Consumer<MaintenanceStateChanged>> listeners = new CopyOnWriteArrayList<>();
    private final Object progress = new Object();
    private volatile long position = -1;
    private volatile long endAtStart = -1;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;

    MaintenanceLog(EventCodec codec, MeterRegistry meters, @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.codec = codec;
        this.meters = meters;
        this.bootstrapServers = bootstrapServers;
    }

    /** The current state of {@code scope}; {@code OFF} at version 0 when nothing was ever published. */
    public MaintenanceStateChanged current(String scope) {
        return states.getOrDefault(scope, new MaintenanceStateChanged(scope, Mode.OFF, null, null, null, null, 0, null));
    }

    /** Every state change applied from now on, in log order (console live stream, policy). */
    public void onChange(Consumer<MaintenanceStateChanged> listener) {
        listeners.add(listener);
    }

    public boolean isCaughtUp() {
        return endAtStart >= 0 && position >= endAtStart;
    }

    /** Waits until this reader has consumed every record up to {@code offset} (exclusive). */
    boolean awaitPosition(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (position < offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Waits until the start-up read of the compacted log is complete. */
    boolean awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (endAtStart < 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            synchronized (progress) {
                try {
                    progress.wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return awaitPosition(endAtStart, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }

    /** Whether the record at {@code offset} carried a version that another record had already taken. */
    boolean superseded(long offset) {
        return supersededOffsets.contains(offset);
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::follow, "maintenance-log");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config())) {
                consumer = c;
                TopicPartition partition = new TopicPartition(Topics.MAINTENANCE.name(), 0);
                List<TopicPartition> partitions = List.of(partition);
                c.assign(partitions);
                c.seekToBeginning(partitions);
                long end = c.endOffsets(partitions, Duration.ofSeconds(30)).get(partition);
                states.clear();
                supersededOffsets.clear();
                endAtStart = end;
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                        apply(record);
                    }
                    synchronized (progress) {
                        position = c.position(partition);
                        progress.notifyAll();
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("following {} failed ({}); reconnecting", Topics.MAINTENANCE.name(), e.getMessage());
                    meters.counter("plumbline.maintenance.log.errors").increment();
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent event;
        try {
            event = codec.decode(record);
        } catch (EventDecodingException e) {
            log.error("skipping unreadable maintenance record at offset {}: {}", record.offset(), e.getMessage());
            meters.counter("plumbline.maintenance.log.poison").increment();
            return;
        }
        if (!(event.payload() instanceof MaintenanceStateChanged state)) {
            return;
        }
        MaintenanceStateChanged known = states.get(state.scope());
        if (known != null && state.version() <= known.version()) {
            supersededOffsets.add(record.offset());
            return;
        }
        states.put(state.scope(), state);
        listeners.forEach(l -> {
            try {
                l.accept(state);
            } catch (RuntimeException e) {
                log.warn("maintenance listener failed: {}", e.getMessage());
            }
        });
    }

    private Properties config() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "status-projector-maintenance-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        return p;
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }

}
