package io.plumbline.status.projection;

import io.plumbline.events.EventCodec;
import io.plumbline.events.EventDecodingException;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topics;
import io.plumbline.events.kafka.ProcessedEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the read model from the topics: pauses the live projection, empties the projection tables and the
 * projection's processed-event ids, and re-applies every retained record from offset 0 up to the current end.
 * The live projection then resumes from its committed offsets. Used after a projection bug fix, and by the test that
 * proves a replay gives the same view as live consumption.
 */
@Component
public class ProjectionReplay {

    private final JdbcTemplate jdbc;
    private final EventCodec codec;
    private final ProcessedEvents processed;
    private final Projection projection;
    private final KafkaListenerEndpointRegistry registry;
    private final String bootstrapServers;

    ProjectionReplay(JdbcTemplate jdbc, EventCodec codec, ProcessedEvents processed, Projection projection,
            KafkaListenerEndpointRegistry registry, @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.processed = processed;
        this.projection = projection;
        this.registry = registry;
        this.bootstrapServers = bootstrapServers;
    }

    /** @return how many events were applied */
    public synchronized long rebuild() {
        MessageListenerContainer live = registry.getListenerContainer(ProjectionListener.CONSUMER);
        if (live != null) {
            live.stop();
        }
        try {
            jdbc.update("DELETE FROM proj_event");
            projection.tables().forEach(t -> jdbc.update("DELETE FROM " + t));
            jdbc.update("DELETE FROM processed_event WHERE consumer = ?", ProjectionListener.CONSUMER);
            return replayAll();
        } finally {
            if (live != null) {
                live.start();
            }
        }
    }

    private long replayAll() {
        long applied = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (var topic : Topics.ALL) {
                consumer.partitionsFor(topic.name(), Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(tp)) {
                        continue;
                    }
                    ReceivedEvent event;
                    try {
                        event = codec.decode(record);
                    } catch (EventDecodingException e) {
                        continue; // the live projection dead-lettered it too
                    }
                    if (processed.once(ProjectionListener.CONSUMER, event, projection::apply)) {
                        applied++;
                    }
                }
            }
        }
        return applied;
    }

    private Properties config() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "status-projector-replay-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
