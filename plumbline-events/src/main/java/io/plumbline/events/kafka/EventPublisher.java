package io.plumbline.events.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.EventCodec;
import io.plumbline.events.EventPayload;
import io.plumbline.events.Topic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes payload records as CloudEvents through an idempotent producer ({@code acks=all}). Counts
 * {@code plumbline.events.published} per topic, type and outcome.
 */
public class EventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;
    private final MeterRegistry meters;

    public EventPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec, MeterRegistry meters) {
        this.kafka = kafka;
        this.codec = codec;
        this.meters = meters;
    }

    /** Publishes with a new random event id. */
    public CompletableFuture<SendResult<String, byte[]>> publish(Topic topic, EventPayload payload) {
        return send(codec.toRecord(topic, payload));
    }

    /** Publishes with a deterministic event id, so that the same fact produced twice is de-duplicated downstream. */
    public CompletableFuture<SendResult<String, byte[]>> publish(Topic topic, String eventId, EventPayload payload,
            Instant time) {
        return send(codec.toRecord(topic, eventId, payload, time));
    }

    /**
     * Publishes and waits until the broker has the record on all in-sync replicas.
     *
     * @throws PublishFailedException when the broker does not confirm within {@code timeout}
     */
    public SendResult<String, byte[]> publishAndWait(Topic topic, String eventId, EventPayload payload, Instant time,
            Duration timeout) {
        return await(publish(topic, eventId, payload, time), timeout);
    }

    /** Sends an already built record (e.g. from CDC) and counts it. */
    public CompletableFuture<SendResult<String, byte[]>> send(ProducerRecord<String, byte[]> record) {
        String type = typeHeader(record);
        return kafka.send(record).whenComplete((result, error) -> meters.counter("plumbline.events.published",
                "topic", record.topic(), "type", type, "outcome", error == null ? "ok" : "error").increment());
    }

    /** Waits for a send, translating every failure into {@link PublishFailedException}. */
    public static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new PublishFailedException("broker rejected the event: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new PublishFailedException("broker did not confirm within " + timeout, e);
        }
    }

    private static String typeHeader(ProducerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader("ce_type");
        return header == null ? "unknown" : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
