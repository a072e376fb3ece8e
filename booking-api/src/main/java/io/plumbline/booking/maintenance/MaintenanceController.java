package io.plumbline.booking.maintenance;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.plumbline.events.maintenance.MaintenanceStateChanged;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The maintenance state for the customer page: {@code GET /api/maintenance}, and live as server-sent events. */
@RestController
class MaintenanceController {

    private final MaintenanceGate gate;
    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
    private volatile boolean lastBlocked;

    MaintenanceController(MaintenanceGate gate) {
        this.gate = gate;
        gate.onChange(state -> broadcast());
    }

    @GetMapping("/api/maintenance")
    View current() {
        return View.of(gate.decision());
    }

    @GetMapping("/api/maintenance/stream")
    SseEmitter stream() throws IOException {
        SseEmitter emitter = new SseEmitter(0L);
        emitters.add(emitter);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        emitter.send(SseEmitter.event().name("maintenance").data(current()));
        return emitter;
    }

    /** Scheduled windows open and close by the clock: tell the pages when the decision flips without an event. */
    @Scheduled(fixedDelay = 1000)
    void tick() {
        boolean blocked = gate.decision().writesBlocked();
        if (blocked != lastBlocked) {
            lastBlocked = blocked;
            broadcast();
        }
    }

    /** Ends the open streams first, so a graceful shutdown does not wait for pages that never hang up. */
    @org.springframework.context.event.EventListener(org.springframework.context.event.ContextClosedEvent.class)
    void closeStreams() {
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
    }

    private void broadcast() {
        View view = current();
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().name("maintenance").data(view));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }
    }

    record View(String mode, boolean writesBlocked, MaintenanceStateChanged.Reason reason, Instant windowStart,
            Instant windowEnd, long version, boolean catchingUp) {

        static View of(MaintenanceGate.Decision d) {
            MaintenanceStateChanged s = d.state();
            return new View(d.mode().name(), d.writesBlocked(), s == null ? null : s.reason(), s == null ? null : s.windowStart(),
                    s == null ? null : s.windowEnd(), s == null ? 0 : s.version(), d.catchingUp());
        }
    }
}
