package io.plumbline.status.metrics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The metrics read model: the newest samples of each polled metric. */
@Component
public class Metrics {

    /** The newest result of one metric's query: one sample per series (non-finite values dropped). */
    public record Metric(String metric, String query, List<Sample> samples, Instant sampledAt) {
    }

    /** One series' value, its labels and when Prometheus evaluated it ({@code null} if the sample did not say). */
    public record Sample(Map<String, String> labels, double value, Instant at) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    Metrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Metric> all() {
        return jdbc.query("SELECT * FROM proj_metric ORDER BY metric", (rs, i) -> new Metric(rs.getString("metric"),
                rs.getString("query"), parse(rs.getString("samples")), rs.getTimestamp("sampled_at").toInstant()));
    }

    /** When the newest sample was taken. */
    public Optional<Instant> newest() {
        return Optional.ofNullable(jdbc.queryForObject("SELECT MAX(sampled_at) FROM proj_metric", Timestamp.class))
                .map(Timestamp::toInstant);
    }

    /** The samples as {@code proj_metric} stores them ({@code MetricSampled.samples} as JSON); non-numbers dropped. */
    public static List<Sample> parse(String samples) {
        List<Sample> parsed = new ArrayList<>();
        if (samples == null) {
            return parsed;
        }
        for (JsonNode s : JSON.readTree(samples)) {
            Map<String, String> labels = new TreeMap<>();
            s.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            JsonNode value = s.path("value");
            if (value.isNumber() && Double.isFinite(value.asDouble())) {
                JsonNode ts = s.path("timestamp");
                parsed.add(new Sample(labels, value.asDouble(), ts.isMissingNode() || ts.isNull() ? null : instant(ts)));
            }
        }
        return parsed;
    }

    private static Instant instant(JsonNode ts) {
        if (ts.isNumber()) {
            double seconds = ts.asDouble(); // Jackson's numeric form of an Instant: seconds.nanos
            return Instant.ofEpochSecond((long) seconds, Math.round((seconds - Math.floor(seconds)) * 1e9));
        }
        return Instant.parse(ts.asString());
    }
}
