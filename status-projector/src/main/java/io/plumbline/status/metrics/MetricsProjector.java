package io.plumbline.status.metrics;

import io.plumbline.events.metrics.MetricSampled;
import io.plumbline.status.projection.Handlers;
import io.plumbline.status.projection.Projector;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The newest samples of each metric ({@code proj_metric}). Samples stay out of the event log: they arrive every few
 * seconds per query and would bury the alerts, topology and maintenance changes an admin looks for there.
 */
@Component
class MetricsProjector implements Projector {

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    MetricsProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void declare(Handlers on) {
        on.on(MetricSampled.class, m -> jdbc.update("""
                INSERT INTO proj_metric (metric, query, samples, sampled_at) VALUES (?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE query = VALUES(query), samples = VALUES(samples), sampled_at = VALUES(sampled_at)""",
                m.metric(), m.query(), json.writeValueAsString(m.samples()), Timestamp.from(m.sampledAt()))).unlogged();
    }

    @Override
    public List<String> tables() {
        return List.of("proj_metric");
    }
}
