package io.plumbline.events;

/**
 * A fact that travels as the JSON payload of a CloudEvent. Implementations are immutable records named
 * in the past tense; their CloudEvents type is {@code plumbline.<domain>.<SimpleName>}, where the
 * domain is the last segment of the record's package (see {@link EventTypes}).
 */
public interface EventPayload {

    /** The aggregate the fact is about; becomes {@code ce_subject} and, by convention, the record key. */
    String subject();
}
