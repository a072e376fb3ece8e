package io.plumbline.status.console;

import java.time.Duration;
import java.time.Instant;
import org.springframework.security.core.AuthenticationException;

/** A sign-in refused without trying the password, because its address or account is being throttled. */
public class LoginThrottled extends AuthenticationException {

    private final LoginThrottle.Reason reason;
    private final Instant retryAt;

    LoginThrottled(LoginThrottle.Reason reason, Instant retryAt) {
        super("too many failed sign-ins; try again at " + retryAt);
        this.reason = reason;
        this.retryAt = retryAt;
    }

    public LoginThrottle.Reason reason() {
        return reason;
    }

    public Instant retryAt() {
        return retryAt;
    }

    /** Whole seconds to wait, at least one (the value of {@code Retry-After}). */
    public long retryAfterSeconds(Instant now) {
        long millis = Duration.between(now, retryAt).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
