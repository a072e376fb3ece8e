package io.plumbline.status.maintenance.web;

import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Reason;
import io.plumbline.status.maintenance.MaintenanceControl;
import io.plumbline.status.web.ConsoleModel;
import java.security.Principal;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The overview's maintenance forms (start now, schedule, end); times entered in KST. */
@Controller
class MaintenanceFormController {

    private final MaintenanceControl maintenance;

    MaintenanceFormController(MaintenanceControl maintenance) {
        this.maintenance = maintenance;
    }

    @PostMapping("/maintenance/start")
    String start(@RequestParam String reasonKo, @RequestParam String reasonEn,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime expectedEnd,
            Principal admin, RedirectAttributes redirect) {
        return act(redirect, () -> maintenance.startNow(MaintenanceStateChanged.BOOKINGS, admin.getName(),
                reason(reasonKo, reasonEn), expectedEnd == null ? null : expectedEnd.atZone(ConsoleModel.KST).toInstant()));
    }

    @PostMapping("/maintenance/schedule")
    String schedule(@RequestParam String reasonKo, @RequestParam String reasonEn,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime start,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime end,
            Principal admin, RedirectAttributes redirect) {
        return act(redirect, () -> maintenance.schedule(MaintenanceStateChanged.BOOKINGS, admin.getName(),
                reason(reasonKo, reasonEn), start.atZone(ConsoleModel.KST).toInstant(),
                end.atZone(ConsoleModel.KST).toInstant()));
    }

    @PostMapping("/maintenance/end")
    String end(Principal admin, RedirectAttributes redirect) {
        return act(redirect, () -> maintenance.end(MaintenanceStateChanged.BOOKINGS, admin.getName()));
    }

    private String act(RedirectAttributes redirect, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", "saved");
        } catch (MaintenanceControl.InvalidMaintenanceRequest | MaintenanceControl.MaintenanceConflict
                | MaintenanceControl.MaintenanceUnavailable | IllegalArgumentException | DateTimeParseException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/";
    }

    private static Reason reason(String ko, String en) {
        if (ko == null || ko.isBlank() || ko.length() > 500) {
            throw new MaintenanceControl.InvalidMaintenanceRequestPublic("reasonKo", "must not be blank (max 500)");
        }
        if (en == null || en.isBlank() || en.length() > 500) {
            throw new MaintenanceControl.InvalidMaintenanceRequestPublic("reasonEn", "must not be blank (max 500)");
        }
        return new Reason(ko.strip(), en.strip());
    }
}
