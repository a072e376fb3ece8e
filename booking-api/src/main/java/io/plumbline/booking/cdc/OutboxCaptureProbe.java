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

    public void crashEngine() {
        capture.crashEngine();
    }
}
