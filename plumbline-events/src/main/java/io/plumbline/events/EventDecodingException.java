package io.plumbline.events;

/**
 * A record that cannot be read as a Plumbline event (missing CloudEvents headers, unknown type, malformed
 * JSON). Never retried: the record goes straight to {@code <topic>.DLT}.
 */
public class EventDecodingException extends RuntimeException {

    public EventDecodingException(String message) {
        super(message);
    }

    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
