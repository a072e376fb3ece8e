package io.plumbline.events;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes payload records as CloudEvents 1.0 in Kafka's binary mode (attributes as {@code ce_*} headers, JSON
 * value) and reads them back, using the CloudEvents SDK's Kafka binding.
 */
public class EventCodec {

    private final JsonMapper json;
    private final URI source;

    /** @param source this service's CloudEvents source, e.g. {@code /booking-api} */
    public EventCodec(String source) {
        this.json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // payloads evolve additively
                .build();
        this.source = URI.create(source);
    }

    /** A record with a new random event id, stamped now. */
    public ProducerRecord<String, byte[]> toRecord(Topic topic, EventPayload payload) {
        return toRecord(topic, UUID.randomUUID().toString(), payload, Instant.now());
    }

    /** A record with a given event id: use a deterministic id where the same fact may be produced twice. */
    public ProducerRecord<String, byte[]> toRecord(Topic topic, String eventId, EventPayload payload, Instant time) {
        return toRecord(topic, eventId, EventTypes.typeOf(payload.getClass()), payload.subject(), toJson(payload), time);
    }

    /**
     * A record from an already serialised payload, e.g. an outbox row captured by Debezium, whose
     * {@code eventId} is the outbox row id and whose {@code type} is a CloudEvents type from {@link EventTypes}.
     */
    public ProducerRecord<String, byte[]> toRecord(Topic topic, String eventId, String type, String subject,
            byte[] jsonPayload, Instant time) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(eventId)
                .withType(type)
                .withSource(source)
                .withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
                .withSubject(subject)
                .withDataContentType("application/json")
                .withData(jsonPayload)
                .build();
        return KafkaMessageFactory.createWriter(topic.name(), null, null, subject).writeBinary(event);
    }

    /** Reads a record written by {@link #toRecord}; anything else raises {@link EventDecodingException}. */
    public ReceivedEvent decode(ConsumerRecord<String, byte[]> record) {
        CloudEvent event;
        try {
            MessageReader reader = KafkaMessageFactory.createReader(record);
            event = reader.toEvent();
        } catch (RuntimeException e) {
            throw new EventDecodingException("not a CloudEvent: " + e.getMessage(), e);
        }
        Class<? extends EventPayload> type = EventTypes.payloadClass(event.getType())
                .orElseThrow(() -> new EventDecodingException("unknown event type " + event.getType()));
        if (event.getData() == null) {
            throw new EventDecodingException("event " + event.getId() + " has no payload");
        }
        EventPayload payload;
        try {
            payload = json.readValue(event.getData().toBytes(), type);
        } catch (JacksonException e) {
            throw new EventDecodingException("malformed " + type.getSimpleName() + " payload: " + e.getOriginalMessage(), e);
        }
        Instant time = event.getTime() == null ? Instant.ofEpochMilli(record.timestamp()) : event.getTime().toInstant();
        return new ReceivedEvent(event.getId(), event.getType(), String.valueOf(event.getSource()), time,
                event.getSubject(), record.topic(), record.partition(), record.offset(), payload);
    }

    /** The payload's JSON, as written on the wire (also used for outbox rows). */
    public byte[] toJson(EventPayload payload) {
        try {
            return json.writeValueAsBytes(payload);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot serialise " + payload.getClass().getSimpleName(), e);
        }
    }

    public URI source() {
        return source;
    }
}
