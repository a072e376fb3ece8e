package io.plumbline.status.maintenance.web;

import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Reason;
import io.plumbline.status.maintenance.MaintenanceControl;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The authenticated maintenance API. Every change publishes the full next state on {@code ops.maintenance.v1} and
 * is audited with the acting admin's name. Scope is {@code bookings} (the only scope booking-api gates).
 */
@RestController
@RequestMapping("/api/maintenance")
class MaintenanceApiController {

    private final MaintenanceControl control;

    MaintenanceApiController(MaintenanceControl control) {
        this.control = control;
    }

    record ReasonBody(@NotBlank @Size(max = 500) String ko, @NotBlank @Size(max = 500) String en) {

        Reason toReason() {
            return new Reason(ko.strip(), en.strip());
        }
    }

    record StartBody(@NotNull @Valid ReasonBody reason, Instant expectedEnd) {
    }

    record ScheduleBody(@NotNull @Valid ReasonBody reason, @NotNull Instant start, @NotNull Instant end) {
    }

    @GetMapping("/{scope}")
    MaintenanceStateChanged current(@PathVariable String scope) {
        return control.current(checked(scope));
    }

    @PostMapping("/{scope}/start")
    MaintenanceStateChanged start(@PathVariable String scope, @Valid @RequestBody StartBody body, Principal admin) {
        return control.startNow(checked(scope), admin.getName(), body.reason().toReason(), body.expectedEnd());
    }

    @PostMapping("/{scope}/schedule")
    MaintenanceStateChanged schedule(@PathVariable String scope, @Valid @RequestBody ScheduleBody body, Principal admin) {
        return control.schedule(checked(scope), admin.getName(), body.reason().toReason(), body.start(), body.end());
    }

    @PostMapping("/{scope}/end")
    MaintenanceStateChanged end(@PathVariable String scope, Principal admin) {
        return control.end(checked(scope), admin.getName());
    }

    private static String checked(String scope) {
        if (!MaintenanceStateChanged.BOOKINGS.equals(scope)) {
            throw new UnknownScope(scope);
        }
        return scope;
    }

    static class UnknownScope extends RuntimeException {

        UnknownScope(String scope) {
            super("unknown maintenance scope: " + scope);
        }
    }
}
