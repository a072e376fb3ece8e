package io.plumbline.events.kafka;

/** The broker did not durably accept an event in time. Callers answer 5xx / retry; nothing was confirmed. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
