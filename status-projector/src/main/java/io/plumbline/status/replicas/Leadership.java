package io.plumbline.status.replicas;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
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
 * Which replica runs the sources (metrics poller, topology watcher) and applies the emergency policy's decisions.
 *
 * <p>The leader is the member of the consumer group {@code plumbline.leadership.group-id} that holds the only
 * partition of {@code ops.maintenance.v1} (a topic every deployment has, with one partition). The broker's group
 * coordinator is the lock, so the election keeps working while the status database (on the primary) is down, which is
 * exactly when the topology watcher and the emergency policy matter. The partition is paused: the group reads nothing
 * and commits nothing, so it shows no lag. The sticky assignor keeps the partition where it is when a replica joins; a
 * replica that stops leaves the group and another takes over at once; one that dies or is cut off is replaced after
 * {@code session-timeout}, and stops calling itself leader as soon as its own heartbeats are older than that, so two
 * leaders overlap at most for the time a publish is in flight (and every source then only publishes facts twice).
 */
@Component
public class Leadership implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final LeadershipProperties properties;
    private final String bootstrapServers;
    private final MeterRegistry meters;
    private final TopicPartition lock = new TopicPartition(Topics.MAINTENANCE.name(), 0);
    private volatile boolean assigned;
    private volatile boolean leader;
    private volatile Thread campaigner;
    private volatile KafkaConsumer<String, byte[]> consumer;

    Leadership(LeadershipProperties properties, @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            MeterRegistry meters) {
        this.properties = properties;
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
        meters.gauge("plumbline.leadership.leader", this, l -> l.isLeader() ? 1 : 0);
    }

    /** Whether this instance leads right now (always, when leadership is disabled). */
    public boolean isLeader() {
        return !properties.enabled() || leader;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled()) {
            log.info("leader election disabled: this instance runs every source");
            return;
        }
        Thread thread = new Thread(this::campaign, "leadership");
        thread.setDaemon(true);
        campaigner = thread;
        thread.start();
    }

    private boolean running() {
        return campaigner == Thread.currentThread();
    }

    private void campaign() {
        while (running()) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config())) {
                consumer = c;
                c.subscribe(List.of(lock.topic()), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        c.pause(partitions);
                        if (partitions.contains(lock)) {
                            assigned = true;
                        }
                    }

                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        if (partitions.contains(lock)) {
                            assigned = false;
                            update(false);
                        }
                    }

                    @Override
                    public void onPartitionsLost(Collection<TopicPartition> partitions) {
                        onPartitionsRevoked(partitions);
                    }
                });
                while (running()) {
                    c.poll(Duration.ofMillis(200));
                    update(assigned && heartbeatFresh(c));
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                if (running()) {
                    log.warn("leader election failed ({}); joining again", e.toString());
                    meters.counter("plumbline.leadership.errors").increment();
                }
            } finally {
                if (running()) { // failed: no longer leader until the group is joined again
                    assigned = false;
                    update(false);
                }
            }
        }
    }

    /** A leader that has not heard from the coordinator for a session timeout may already have been replaced. */
    private boolean heartbeatFresh(KafkaConsumer<String, byte[]> c) {
        for (Map.Entry<MetricName, ? extends Metric> m : c.metrics().entrySet()) {
            if (m.getKey().name().equals("last-heartbeat-seconds-ago")
                    && m.getValue().metricValue() instanceof Number seconds) {
                return seconds.doubleValue() < 0 // no heartbeat yet since the assignment
                        || seconds.doubleValue() * 1000 < properties.sessionTimeout().toMillis();
            }
        }
        return true;
    }

    private void update(boolean now) {
        if (now != leader) {
            leader = now;
            log.info(now ? "this instance is the leader ({})" : "this instance is no longer the leader ({})",
                    properties.groupId());
        }
    }

    private Properties config() {
        long session = properties.sessionTimeout().toMillis();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "status-projector-leadership-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, session / 3));
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        return p;
    }

    @Override
    public synchronized void stop() {
        campaigner = null;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        assigned = false;
        update(false);
    }

    @Override
    public boolean isRunning() {
        return campaigner != null;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100; // up before the sources ask, down after they stopped
    }
}
