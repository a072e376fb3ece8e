package io.plumbline.status.overview;

import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.status.alerts.Alerts;
import io.plumbline.status.backups.BackupSchedule;
import io.plumbline.status.backups.Backups;
import io.plumbline.status.logs.LogStream;
import io.plumbline.status.maintenance.MaintenanceControl;
import io.plumbline.status.maintenance.MaintenanceHistory;
import io.plumbline.status.maintenance.MaintenanceLog;
import io.plumbline.status.metrics.Metrics;
import io.plumbline.status.metrics.StatusCards;
import io.plumbline.status.nodes.NodeTable;
import io.plumbline.status.projection.EventLog;
import io.plumbline.status.projection.LiveFeed;
import io.plumbline.status.topology.ServerObservation;
import io.plumbline.status.topology.Topology;
import io.plumbline.status.topology.TopologyWatcher;
import io.plumbline.status.web.ConsoleModel;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The overview page: one card per read model, and the live stream. When the status schema is away with the primary,
 * the page still renders what needs no database: maintenance (from the log), the probe, and the live stream's recent
 * events.
 */
@Controller
class OverviewController {

    private final Metrics metrics;
    private final StatusCards cards;
    private final NodeTable nodes;
    private final Topology topology;
    private final Alerts alerts;
    private final Backups backups;
    private final BackupSchedule backupSchedule;
    private final MaintenanceHistory maintenanceHistory;
    private final EventLog events;
    private final MaintenanceControl maintenance;
    private final MaintenanceLog maintenanceLog;
    private final TopologyWatcher probe;
    private final LogStream logs;
    private final LiveFeed feed;
    private final ConsoleModel page;

    OverviewController(Metrics metrics, StatusCards cards, NodeTable nodes, Topology topology, Alerts alerts,
            Backups backups, BackupSchedule backupSchedule, MaintenanceHistory maintenanceHistory, EventLog events,
            MaintenanceControl maintenance, MaintenanceLog maintenanceLog, TopologyWatcher probe, LogStream logs,
            LiveFeed feed, ConsoleModel page) {
        this.metrics = metrics;
        this.cards = cards;
        this.nodes = nodes;
        this.topology = topology;
        this.alerts = alerts;
        this.backups = backups;
        this.backupSchedule = backupSchedule;
        this.maintenanceHistory = maintenanceHistory;
        this.events = events;
        this.maintenance = maintenance;
        this.maintenanceLog = maintenanceLog;
        this.probe = probe;
        this.logs = logs;
        this.feed = feed;
        this.page = page;
    }

    @GetMapping("/")
    String overview(Model model) {
        page.common(model);
        model.addAttribute("maintenance", maintenance.current(MaintenanceStateChanged.BOOKINGS));
        model.addAttribute("logs", logs);
        model.addAttribute("probe", probe.latest().values().stream()
                .sorted(Comparator.comparing(ServerObservation::server)).toList());
        try {
            List<Metrics.Metric> sampled = metrics.all();
            model.addAttribute("metrics", sampled);
            model.addAttribute("cards", cards.cards(sampled, LocaleContextHolder.getLocale()));
            model.addAttribute("nodes", nodes.rows());
            model.addAttribute("clusters", topology.clusters());
            model.addAttribute("servers", topology.servers());
            model.addAttribute("alerts", alerts.recent(20));
            model.addAttribute("backups", backups.recent(5));
            Backups.Backup lastSucceeded = backups.lastSuccessful().orElse(null);
            model.addAttribute("lastSucceeded", lastSucceeded);
            model.addAttribute("backupDue", backupSchedule.due(
                    lastSucceeded == null ? null : lastSucceeded.finishedAt(), Instant.now()));
            model.addAttribute("lastVerified", backups.last("VERIFIED").orElse(null));
            model.addAttribute("history", maintenanceHistory.recent(10));
            model.addAttribute("events", events.recent(30));
            // metric samples count too: they are the most frequent events, but stay out of the event log
            model.addAttribute("newestEvent", Stream.of(events.newest(), metrics.newest())
                    .flatMap(Optional::stream).max(Comparator.naturalOrder()).orElse(null));
            model.addAttribute("dataLink", maintenanceLog.isCaughtUp() ? "connected" : "catching-up");
        } catch (DataAccessException e) {
            model.addAttribute("dataLink", "database-unavailable");
            // the projection is away with the primary; the live stream (no database) still has the recent events
            model.addAttribute("events", feed.recent().stream().map(EventLog.Entry::of).toList());
        }
        return "overview";
    }

    @GetMapping(path = "/stream", produces = "text/event-stream")
    SseEmitter stream() {
        return feed.subscribe();
    }
}
