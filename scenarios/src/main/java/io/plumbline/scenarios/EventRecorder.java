package io.plumbline.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.plumbline.events.EventCodec;
import io.plumbline.events.ReceivedEvent;
import io.plumbline.events.Topic;
import io.plumbline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every topic of the catalogue from the beginning, as a downstream service would, and keeps what arrived when. */
final class EventRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec("/scenarios");
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    EventRecorder(String bootstrapServers) {
        Properties p = new Properties();
        p.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "scenario-recorder-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        consumer = new KafkaConsumer<>(p);
        consumer.subscribe(Topics.ALL.stream().map(Topic::name).toList());
        thread = new Thread(this::run, "scenario-event-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        seen.add(new Seen(Instant.now(), record.key(), codec.decode(record)));
                    } catch (RuntimeException e) {
                        seen.add(new Seen(Instant.now(), record.key(), null));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    List<Seen> matching(Predicate<Seen> predicate) {
        return seen.stream().filter(predicate).toList();
    }

    List<Seen> all() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    /** An event and when it was seen here; {@code event} is null for an undecodable record. */
    record Seen(Instant at, String key, ReceivedEvent event) {

        boolean is(Topic topic, String typeSuffix) {
            return event != null && event.topic().equals(topic.name()) && event.type().endsWith("." + typeSuffix);
        }
    }
}
