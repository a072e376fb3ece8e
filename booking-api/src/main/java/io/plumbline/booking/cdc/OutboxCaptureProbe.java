package io.plumbline.booking.cdc;

import org.springframework.stereotype.Component;

/**
 * Read access to this replica's CDC role for operations tooling and fault tests (leader or not, and a way to crash
 * the engine as a JVM fault would).
 */
@Component
public class OutboxCaptureProbe {

    private final OutboxCapture capture;

    OutboxCaptureProbe(OutboxCapture capture) {
        this.capture = capture;
    }

    public boolean isLeader() {
        return capture.isLeader();
    }

    /** Stops capturing here and lets another replica take the lead; this one stays a follower for {@code duration}. */
    public void stepDown(java.time.Duration duration) {
        capture.stepDown(duration);
    }

    public void crashEngine() {
        capture.crashEngine();
    }
}
