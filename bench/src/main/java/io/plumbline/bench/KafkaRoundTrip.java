package io.plumbline.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * The floor for anything event-driven on this broker: one record produced with {@code acks=all} and idempotence (as
 * every Plumbline producer does) until a plain consumer polling the partition has it. Benchmarks divide by it.
 */
final class KafkaRoundTrip {

    private KafkaRoundTrip() {
    }

    /** Microseconds from send to receipt, one record at a time. */
    static Histogram measure(String bootstrapServers, int records) {
        String topic = "bench.roundtrip." + UUID.randomUUID();
        TopicPartition partition = new TopicPartition(topic, 0);
        Histogram latency = new Histogram(60_000_000L, 3);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create " + topic + ": " + e.getMessage(), e);
        }
        try (KafkaProducer<Long, Long> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, LongSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, LongSerializer.class));
                KafkaConsumer<Long, Long> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class))) {
            producer.send(new ProducerRecord<>(topic, 0, -1L, -1L)).get(); // warms up
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            for (int i = 0; i < records; i++) {
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, 0, (long) i, sent));
                long deadline = sent + Duration.ofSeconds(30).toNanos();
                boolean received = false;
                while (!received) {
                    ConsumerRecords<Long, Long> polled = consumer.poll(Duration.ofMillis(100));
                    for (var r : polled) {
                        if (r.key() == i) {
                            latency.recordValue((System.nanoTime() - r.value()) / 1000);
                            received = true;
                        }
                    }
                    if (!received && System.nanoTime() > deadline) {
                        throw new IllegalStateException("record " + i + " not consumed within 30 s");
                    }
                }
            }
            return latency;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("baseline producer failed: " + e.getCause().getMessage(), e);
        }
    }
}
