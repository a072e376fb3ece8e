package io.plumbline.localstack.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Debian's {@code prometheus}, scraping the given targets every second and evaluating the given rule files. */
public final class Prometheus extends ExternalServer {

    private final Map<String, List<String>> jobs;
    private final List<Path> ruleFiles;
    private final List<String> alertmanagers;

    /**
     * @param jobs          job name → {@code host:port} targets (metrics path {@code /metrics}, or
     *                      {@code /actuator/prometheus} for jobs whose name ends with {@code -spring})
     * @param alertmanagers {@code host:port} of Alertmanagers to send alerts to
     */
    public Prometheus(Path dir, int port, Map<String, List<String>> jobs, List<Path> ruleFiles, List<String> alertmanagers) {
        super(dir, port);
        this.jobs = jobs;
        this.ruleFiles = ruleFiles;
        this.alertmanagers = alertmanagers;
    }

    @Override
    protected String binary() {
        return "prometheus";
    }

    @Override
    protected String debianPackage() {
        return "prometheus";
    }

    @Override
    protected List<String> arguments() throws IOException {
        StringBuilder yml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                """);
        if (!ruleFiles.isEmpty()) {
            yml.append("rule_files:\n");
            ruleFiles.forEach(f -> yml.append("  - '").append(f.toAbsolutePath()).append("'\n"));
        }
        if (!alertmanagers.isEmpty()) {
            yml.append("alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [")
                    .append(alertmanagers.stream().map(a -> "'" + a + "'").collect(Collectors.joining(", ")))
                    .append("]\n");
        }
        yml.append("scrape_configs:\n");
        jobs.forEach((job, targets) -> yml.append("  - job_name: '").append(job).append("'\n")
                .append("    metrics_path: '").append(job.endsWith("-spring") ? "/actuator/prometheus" : "/metrics").append("'\n")
                .append("    static_configs:\n      - targets: [")
                .append(targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))).append("]\n"));
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, yml.toString());
        return List.of("--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle");
    }

    @Override
    protected String readinessPath() {
        return "/-/ready";
    }
}
