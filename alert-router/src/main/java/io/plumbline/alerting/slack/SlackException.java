package io.plumbline.alerting.slack;

import java.time.Duration;

/**
 * Slack did not take a message.
 *
 * @param retryAfter how long Slack asked to wait (429 Retry-After), or {@code null}
 */
public class SlackException extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;

    public SlackException(String message, boolean retryable, Duration retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** 429, 5xx, timeouts, connection failures and Slack's transient errors; not bad tokens or unknown channels. */
    public boolean retryable() {
        return retryable;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
