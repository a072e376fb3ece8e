package io.plumbline.events.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads every partition of some topics on its own daemon thread, for this instance alone: no consumer group, so every
 * replica of every service gets every record, nothing is committed, a restart never resumes where the last process
 * stopped, and no abandoned group of a dead pod is left behind with a growing lag.
 *
 * <p>{@link Start#EARLIEST} builds a state from the whole log (a compacted state topic such as
 * {@code ops.maintenance.v1}); after a lost connection it reconnects and replays the log again, announced by
 * {@link Handler#replaying}, so the handler's state is rebuilt, never patched. {@link Start#LATEST} only follows what
 * arrives from now on. A record the handler cannot take (it throws) is logged, counted and skipped: one poison record
 * never stalls the follower. The follower can be stopped and started again (leadership moving between replicas).
 *
 * <p>Declared as a bean, it starts and stops with the application context by itself, in its {@link #getPhase phase};
 * {@link #FIRST} starts it before the web server takes traffic.
 */
public final class TopicFollower implements SmartLifecycle {

    /** The phase of a follower whose state must be read before the web server takes traffic. */
    public static final int FIRST = Integer.MIN_VALUE + 100;

    public enum Start { EARLIEST, LATEST }

    /** What a follower reports, all on its own thread, in log order per partition. */
    public interface Handler {

        /** The topics are about to be read (again) from {@link Start}: drop any state built from an earlier read. */
        default void replaying() {
        }

        /** One record; decode it yourself. An exception is logged, counted and the record skipped. */
        void record(ConsumerRecord<String, byte[]> record);

        /** After each poll: every record of {@code partition} before {@code position} has been handed over. */
        default void position(TopicPartition partition, long position) {
        }

        /** Everything that was in the topics when the current read began has been handed over (once per read). */
        default void caughtUp() {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    private final String bootstrapServers;
    private final List<String> topics;
    private final Start from;
    private final String name;
    private final Handler handler;
    private final MeterRegistry meters;
    private final int phase;
    private volatile Thread follower;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean caughtUp;

    /** @param name e.g. {@code booking-api-maintenance}: the thread's name and the client id's prefix */
    public TopicFollower(String bootstrapServers, List<String> topics, Start from, String name, Handler handler,
            MeterRegistry meters) {
        this(bootstrapServers, topics, from, name, handler, meters, DEFAULT_PHASE);
    }

    /** @param phase when a bean of this follower starts, see {@link SmartLifecycle#getPhase()} */
    public TopicFollower(String bootstrapServers, List<String> topics, Start from, String name, Handler handler,
            MeterRegistry meters, int phase) {
        this.phase = phase;
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
        this.from = from;
        this.name = name;
        this.handler = handler;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        caughtUp = false;
        Thread thread = new Thread(this::follow, name);
        thread.setDaemon(true);
        follower = thread;
        thread.start();
    }

    @Override
    public synchronized void stop() {
        follower = null;
        caughtUp = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public boolean isRunning() {
        return follower != null;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    /** Whether everything that was in the topics when the current read began has been handed over. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    private boolean running() {
        return follower == Thread.currentThread();
    }

    private void follow() {
        while (running()) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config())) {
                consumer = c;
                if (!running()) {
                    return; // stopped before the consumer could be woken
                }
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : topics) {
                    List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
                c.assign(partitions);
                if (from == Start.EARLIEST) {
                    c.seekToBeginning(partitions);
                } else {
                    c.seekToEnd(partitions);
                }
                Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(10));
                caughtUp = false;
                handler.replaying();
                while (running()) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                        hand(record);
                    }
                    boolean all = true;
                    for (TopicPartition p : partitions) {
                        long position = c.position(p);
                        handler.position(p, position);
                        all &= position >= end.get(p);
                    }
                    if (all && !caughtUp && running()) {
                        caughtUp = true;
                        handler.caughtUp();
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (running()) {
                    log.warn("{}: following {} failed ({}); reconnecting", name, topics, e.toString());
                    meters.counter("plumbline.events.follower.errors", "follower", name).increment();
                }
            }
        }
    }

    private void hand(ConsumerRecord<String, byte[]> record) {
        try {
            handler.record(record);
        } catch (RuntimeException e) {
            log.warn("{}: skipping {}-{}@{}: {}", name, record.topic(), record.partition(), record.offset(), e.getMessage());
            meters.counter("plumbline.events.follower.skipped", "follower", name).increment();
        }
    }

    private Properties config() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return p;
    }
}
