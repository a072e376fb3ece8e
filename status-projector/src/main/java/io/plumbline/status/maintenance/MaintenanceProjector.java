package io.plumbline.status.maintenance;

import static io.plumbline.status.projection.Rows.ts;

import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.status.projection.Handlers;
import io.plumbline.status.projection.Projector;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The history of maintenance states ({@code proj_maintenance}, one row per scope and version). */
@Component
class MaintenanceProjector implements Projector {

    private final JdbcTemplate jdbc;

    MaintenanceProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void declare(Handlers on) {
        on.on(MaintenanceStateChanged.class, this::changed).summary(m -> new Handlers.Summary(
                m.mode() == MaintenanceStateChanged.Mode.EMERGENCY ? "critical" : "info",
                "Maintenance " + m.mode() + " v" + m.version() + (m.triggeredBy() == null ? "" : " by " + m.triggeredBy().name())));
    }

    @Override
    public List<String> tables() {
        return List.of("proj_maintenance");
    }

    private void changed(MaintenanceStateChanged m) {
        jdbc.update("""
                INSERT INTO proj_maintenance (scope, version, mode, reason_ko, reason_en, window_start, window_end,
                                              triggered_kind, triggered_name, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE mode = VALUES(mode)""",
                m.scope(), m.version(), m.mode().name(), m.reason() == null ? null : m.reason().ko(),
                m.reason() == null ? null : m.reason().en(), ts(m.windowStart()), ts(m.windowEnd()),
                m.triggeredBy() == null ? null : m.triggeredBy().kind().name(),
                m.triggeredBy() == null ? null : m.triggeredBy().name(), ts(m.changedAt()));
    }
}
