package io.plumbline.status;

import io.plumbline.events.EventCodec;
import io.plumbline.events.EventPayload;
import io.plumbline.events.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what arrives on a topic after the recorder was created, decoded as payloads (test support). */
class TopicRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec("/test");
    private final List<EventPayload> seen = new ArrayList<>();

    TopicRecorder(String bootstrapServers, Topic topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        end.forEach(consumer::seek);
    }

    private int raw;

    /** How many records arrived, decodable or not (polls once). */
    synchronized int count() {
        raw += consumer.poll(Duration.ofMillis(200)).count();
        return raw;
    }

    /** Everything received so far (polls once). */
    synchronized List<EventPayload> events() {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(codec.decode(r).payload()));
        return List.copyOf(seen);
    }

    <T extends EventPayload> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
