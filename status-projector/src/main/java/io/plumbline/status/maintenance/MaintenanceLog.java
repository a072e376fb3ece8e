package io.plumbline.status.maintenance;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventCodec;
import io.plumbline.events.EventDecodingException;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.TopicFollower;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * The maintenance state as the compacted {@code ops.maintenance.v1} says it is: read from the beginning on start (no
 * consumer group), followed live. It is the only source of the next version number, so several status-projector
 * replicas derive versions from the same log instead of from private counters. A record whose version does not
 * exceed the highest seen for its scope lost a race and is remembered as superseded (see {@link #superseded}).
 */
@Component
public class MaintenanceLog {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceLog.class);

    private final EventCodec codec;
    private final MeterRegistry meters;
    private final TopicFollower follower;
    private final Map<String, MaintenanceStateChanged> states = new ConcurrentHashMap<>();
    private final Set<Long> supersededOffsets = ConcurrentHashMap.newKeySet();
    private final List<Consumer<MaintenanceStateChanged>> listeners = new CopyOnWriteArrayList<>();
    private final Object progress = new Object();
    private volatile long position = -1;

    MaintenanceLog(EventCodec codec, MeterRegistry meters, @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.codec = codec;
        this.meters = meters;
        this.follower = new TopicFollower(bootstrapServers, List.of(Topics.MAINTENANCE.name()), TopicFollower.Start.EARLIEST,
                "status-projector-maintenance", new TopicFollower.Handler() {
                    @Override
                    public void replaying() {
                        states.clear();
                        supersededOffsets.clear();
                    }

                    @Override
                    public void record(ConsumerRecord<String, byte[]> record) {
                        apply(record);
                    }

                    @Override
                    public void position(TopicPartition partition, long reached) {
                        synchronized (progress) {
                            position = reached;
                            progress.notifyAll();
                        }
                    }

                    @Override
                    public void caughtUp() {
                        synchronized (progress) {
                            progress.notifyAll();
                        }
                    }
                }, meters, TopicFollower.FIRST);
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
        return follower.isCaughtUp();
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
        synchronized (progress) {
            while (!follower.isCaughtUp()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, Math.min(200, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Whether the record at {@code offset} carried a version that another record had already taken. */
    boolean superseded(long offset) {
        return supersededOffsets.contains(offset);
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

    /** The follower is a bean of its own, so it starts and stops with the context. */
    @Bean
    TopicFollower maintenanceLogFollower() {
        return follower;
    }
}
