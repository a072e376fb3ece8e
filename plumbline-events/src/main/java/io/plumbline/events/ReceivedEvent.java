package io.plumbline.events;

import java.time.Instant;

/**
 * An event as a consumer sees it: the CloudEvents attributes from the Kafka headers and the decoded payload.
 *
 * @param id the {@code ce_id}: the idempotency key every consumer de-duplicates on
 */
public record ReceivedEvent(String id, String type, String source, Instant time, String subject, String topic,
        int partition, long offset, EventPayload payload) {

    /** The payload as the expected type; a mismatch is a contract violation and goes to the dead-letter topic. */
    public <T extends EventPayload> T payload(Class<T> type) {
        if (!type.isInstance(payload)) {
            throw new EventDecodingException("expected " + type.getSimpleName() + " but got " + this.type);
        }
        return type.cast(payload);
    }
}
