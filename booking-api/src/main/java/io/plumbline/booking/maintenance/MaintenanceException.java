package io.plumbline.booking.maintenance;

/** A write arrived while maintenance holds: answered 503 with the customer-facing reason and Retry-After. */
public class MaintenanceException extends RuntimeException {

    private final MaintenanceGate.Decision decision;

    public MaintenanceException(MaintenanceGate.Decision decision) {
        super("maintenance: " + decision.mode());
        this.decision = decision;
    }

    public MaintenanceGate.Decision decision() {
        return decision;
    }
}
