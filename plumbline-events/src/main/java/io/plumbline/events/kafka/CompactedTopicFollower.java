package io.plumbline.events.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a compacted, single-partition state topic (e.g. {@code ops.maintenance.v1}) from the beginning and then follows
 * it live, on its own daemon thread. No consumer group: every instance of every service needs every record, and a
 * restart must rebuild the state from the log, not resume after it. On a lost connection it reconnects and replays
 * the log from the beginning again ({@link Handler#replaying}), so the handler's state is rebuilt, never patched.
 */
public final class CompactedTopicFollower {

    /** What a follower reports, all on its own thread, in log order. */
    public interface Handler {

        /** A (re)connect is about to replay the log from the beginning; {@code endOffset} is its end right now. */
        default void replaying(long endOffset) {
        }

        /** One record (decode it yourself; a poison record must not stop the follower — catch and count it). */
        void record(ConsumerRecord<String, byte[]> record);

        /** The position reached after a poll: every record before it has been handed over. */
        default void position(long position) {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicFollower.class);

    private final String topic;
    private final String clientIdPrefix;
    private final String bootstrapServers;
    private final Handler handler;
    private final MeterRegistry meters;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;

    /**
     * @param clientIdPrefix e.g. {@code booking-api-maintenance}; a random suffix keeps replicas apart in the broker's view
     */
    public CompactedTopicFollower(String bootstrapServers, String topic, String clientIdPrefix, Handler handler,
            MeterRegistry meters) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.clientIdPrefix = clientIdPrefix;
        this.handler = handler;
        this.meters = meters;
    }

    public void start() {
        running = true;
        Thread thread = new Thread(this::follow, clientIdPrefix + "-follower");
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    public boolean isRunning() {
        return running;
    }

    private void follow() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config())) {
                consumer = c;
                TopicPartition partition = new TopicPartition(topic, 0);
                List<TopicPartition> partitions = List.of(partition);
                c.assign(partitions);
                c.seekToBeginning(partitions);
                handler.replaying(c.endOffsets(partitions, Duration.ofSeconds(30)).get(partition));
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                        handler.record(record);
                    }
                    handler.position(c.position(partition));
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("following {} failed ({}); reconnecting and replaying it", topic, e.getMessage());
                    meters.counter("plumbline.events.follower.errors", "topic", topic).increment();
                }
            }
        }
    }

    private Properties config() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        return p;
    }
}
