package io.plumbline.booking.writer;

/** The writer database cannot take writes right now (circuit open or unreachable): answered 503 with Retry-After. */
public class WriterUnavailableException extends RuntimeException {

    public WriterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
