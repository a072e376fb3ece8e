package io.plumbline.status.web;

import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged.Reason;
import io.plumbline.status.audit.AuditLog;
import io.plumbline.status.backups.BackupSchedule;
import io.plumbline.status.console.ConsoleProperties;
import io.plumbline.status.maintenance.MaintenanceControl;
import io.plumbline.status.maintenance.MaintenanceLog;
import io.plumbline.status.projection.LiveFeed;
import io.plumbline.status.projection.StatusView;
import io.plumbline.status.topology.TopologyWatcher;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's pages. Times are shown in KST (the company's zone); every value carries its age. */
@Controller
class ConsoleController {

    static final ZoneId KST = ZoneId.of("Asia/Seoul");

    private final StatusView view;
    private final MaintenanceControl maintenance;
    private final MaintenanceLog maintenanceLog;
    private final TopologyWatcher topology;
    private final AuditLog audit;
    private final LiveFeed feed;
    private final ConsoleProperties properties;
    private final BookingAdminClient bookingAdmin;
    private final ConsoleModel page;
    private final io.plumbline.status.nodes.NodeTable nodes;
    private final io.plumbline.status.logs.LogStream logs;
    private final StatusCards cards;
    private final BackupSchedule backupSchedule;

    ConsoleController(StatusView view, MaintenanceControl maintenance, MaintenanceLog maintenanceLog,
            TopologyWatcher topology, AuditLog audit, LiveFeed feed, ConsoleProperties properties,
            BookingAdminClient bookingAdmin, ConsoleModel page, io.plumbline.status.nodes.NodeTable nodes,
            io.plumbline.status.logs.LogStream logs, StatusCards cards, BackupSchedule backupSchedule) {
        this.cards = cards;
        this.backupSchedule = backupSchedule;
        this.nodes = nodes;
        this.logs = logs;
        this.bookingAdmin = bookingAdmin;
        this.page = page;
        this.view = view;
        this.maintenance = maintenance;
        this.maintenanceLog = maintenanceLog;
        this.topology = topology;
        this.audit = audit;
        this.feed = feed;
        this.properties = properties;
    }

    @GetMapping("/")
    String overview(Model model) {
        common(model);
        model.addAttribute("maintenance", maintenance.current(MaintenanceStateChanged.BOOKINGS));
        model.addAttribute("logs", logs);
        model.addAttribute("probe", topology.latest().values().stream()
                .sorted(java.util.Comparator.comparing(io.plumbline.status.topology.ServerObservation::server)).toList());
        try {
            List<Map<String, Object>> metrics = view.metrics();
            model.addAttribute("metrics", metrics);
            model.addAttribute("cards", cards.cards(metrics, LocaleContextHolder.getLocale()));
            model.addAttribute("nodes", nodes.rows());
            model.addAttribute("clusters", view.clusters());
            model.addAttribute("servers", view.servers());
            model.addAttribute("alerts", view.alerts(20));
            model.addAttribute("backups", view.backups(5));
            Map<String, Object> lastSucceeded = view.lastSuccessfulBackup().orElse(null);
            model.addAttribute("lastSucceeded", lastSucceeded);
            model.addAttribute("backupDue", backupSchedule.due(
                    lastSucceeded == null ? null : Fmt.instant(lastSucceeded.get("finished_at")), Instant.now()));
            model.addAttribute("lastVerified", view.lastBackup("VERIFIED").orElse(null));
            model.addAttribute("history", view.maintenanceHistory(10));
            model.addAttribute("events", view.recentEvents(30));
            Instant newest = view.newestEvent().orElse(null);
            model.addAttribute("newestEvent", newest);
            model.addAttribute("dataLink", maintenanceLog.isCaughtUp() ? "connected" : "catching-up");
        } catch (DataAccessException e) {
            model.addAttribute("dataLink", "database-unavailable");
            // the projection is away with the primary; the live stream (no database) still has the recent events
            model.addAttribute("events", feed.recent().stream().map(i -> java.util.Map.of("severity", i.severity(),
                    "summary", i.summary(), "occurred_at", i.at())).toList());
        }
        return "overview";
    }

    @GetMapping("/bookings")
    String bookings(@RequestParam(required = false) String q, @RequestParam(required = false) String status, Model model) {
        common(model);
        model.addAttribute("q", q);
        model.addAttribute("status", status);
        model.addAttribute("bookings", view.bookings(q, status, 200));
        return "bookings";
    }

    @PostMapping("/bookings/status")
    String changeBookingStatus(@RequestParam String code, @RequestParam String status, Principal admin,
            RedirectAttributes redirect) {
        try {
            bookingAdmin.changeStatus(code, status, admin.getName());
            audit.record(admin.getName(), "booking.status", code, status);
            redirect.addFlashAttribute("notice", code + " → " + status);
        } catch (IllegalArgumentException | BookingAdminClient.BookingApiException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/bookings";
    }

    @GetMapping("/audit")
    String audit(Model model) {
        common(model);
        model.addAttribute("entries", audit.recent(200));
        return "audit";
    }

    @GetMapping(path = "/stream", produces = "text/event-stream")
    SseEmitter stream() {
        return feed.subscribe();
    }

    @PostMapping("/maintenance/start")
    String start(@RequestParam String reasonKo, @RequestParam String reasonEn,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime expectedEnd,
            Principal admin, RedirectAttributes redirect) {
        return act(redirect, () -> maintenance.startNow(MaintenanceStateChanged.BOOKINGS, admin.getName(),
                reason(reasonKo, reasonEn), expectedEnd == null ? null : expectedEnd.atZone(KST).toInstant()));
    }

    @PostMapping("/maintenance/schedule")
    String schedule(@RequestParam String reasonKo, @RequestParam String reasonEn,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime start,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime end,
            Principal admin, RedirectAttributes redirect) {
        return act(redirect, () -> maintenance.schedule(MaintenanceStateChanged.BOOKINGS, admin.getName(),
                reason(reasonKo, reasonEn), start.atZone(KST).toInstant(), end.atZone(KST).toInstant()));
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

    private void common(Model model) {
        page.common(model);
    }
}
