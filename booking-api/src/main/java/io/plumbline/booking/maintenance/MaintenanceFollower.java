package io.plumbline.booking.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventCodec;
import io.plumbline.events.EventDecodingException;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topics;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
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
 * Reads {@code ops.maintenance.v1} from the beginning on every start (no consumer group: every replica needs every
 * record) and follows it live. The gate counts as caught up once it has read up to the end offsets it saw at start.
 */
@Component
class MaintenanceFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceFollower.class);

    private final MaintenanceGate gate;
    private final EventCodec codec;
    private final MeterRegistry meters;
    private final String bootstrapServers;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    MaintenanceFollower(MaintenanceGate gate, EventCodec codec, MeterRegistry meters,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.gate = gate;
        this.codec = codec;
        this.meters = meters;
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::follow, "maintenance-follower");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config())) {
                consumer = c;
                List<TopicPartition> partitions = c.partitionsFor(Topics.MAINTENANCE.name(), Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                c.assign(partitions);
                c.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                        apply(record);
                    }
                    if (!gate.isCaughtUp() && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                        gate.markCaughtUp();
                        log.info("maintenance state caught up: {}", gate.decision());
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("following {} failed ({}); reconnecting", Topics.MAINTENANCE.name(), e.getMessage());
                    meters.counter("plumbline.maintenance.follower.errors").increment();
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            ReceivedEvent event = codec.decode(record);
            if (event.payload() instanceof MaintenanceStateChanged state && gate.apply(state)) {
                log.info("maintenance {} v{} ({}): {}", state.mode(), state.version(), state.triggeredBy(), state.reason());
            }
        } catch (EventDecodingException e) {
            // a poison record must never stall the gate; it stays on the compacted topic for people to inspect
            log.error("skipping unreadable maintenance record at offset {}: {}", record.offset(), e.getMessage());
            meters.counter("plumbline.maintenance.follower.poison").increment();
        }
    }

    private Properties config() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "booking-api-maintenance-" + UUID.randomUUID());
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
        return Integer.MIN_VALUE + 100; // start following before the web server takes traffic
    }
}
