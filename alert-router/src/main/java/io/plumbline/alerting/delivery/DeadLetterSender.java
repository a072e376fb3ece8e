package io.plumbline.alerting.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.kafka.EventPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Moves a record Slack would not take (or that cannot be read) to {@code <topic>.DLT}, byte for byte with its headers
 * plus the reason, and waits for the broker before the offset moves on. Counts {@code plumbline.slack.dead_lettered}.
 */
@Component
class DeadLetterSender {

    private final KafkaTemplate<String, byte[]> kafka;
    private final MeterRegistry meters;

    DeadLetterSender(KafkaTemplate<String, byte[]> kafka, MeterRegistry meters) {
        this.kafka = kafka;
        this.meters = meters;
    }

    void send(ConsumerRecord<String, byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("plumbline_dlt_reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("kafka_dlt-original-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("kafka_dlt-original-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        EventPublisher.await(kafka.send(new ProducerRecord<>(record.topic() + ".DLT", null, record.key(), record.value(),
                headers)), Duration.ofSeconds(30));
        meters.counter("plumbline.slack.dead_lettered", "topic", record.topic()).increment();
    }
}
