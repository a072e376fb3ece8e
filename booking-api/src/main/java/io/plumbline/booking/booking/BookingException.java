package io.plumbline.booking.booking;

/**
 * A booking rule said no. {@code messageKey} is translated for the customer; {@code field} names the input at fault,
 * if one is.
 */
public class BookingException extends RuntimeException {

    public enum Kind { NOT_FOUND, CONFLICT, INVALID }

    private final Kind kind;
    private final String messageKey;
    private final String field;

    public BookingException(Kind kind, String messageKey, String field) {
        super(messageKey);
        this.kind = kind;
        this.messageKey = messageKey;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public String messageKey() {
        return messageKey;
    }

    public String field() {
        return field;
    }
}
