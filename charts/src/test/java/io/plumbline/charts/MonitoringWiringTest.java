package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * Each monitoring path, link by link, on the rendered output and the rebuild's install: every alert rule's metric is
 * scraped by something (the chart's monitors or a component the rebuild installs), the log pipeline's parser reads
 * the line a Spring Boot service really prints, the log path's components are installed and pinned, and what the
 * HPAs scale on is served.
 */
class MonitoringWiringTest {

    static final Path ROOT = Charts.MODULE.getParent();
    static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "rate", "irate", "increase",
            "time", "vector", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
            "unless", "offset", "absent", "absent_over_time", "histogram_quantile", "clamp_min", "clamp_max", "abs",
            "delta", "deriv", "predict_linear", "max_over_time", "min_over_time", "avg_over_time", "changes",
            "resets", "label_replace", "topk", "bottomk", "quantile_over_time", "sort", "scalar", "round", "e", "inf",
            "nan");

    static Stream<Path> values() {
        return Charts.validCiValues().stream();
    }

    /** The metric names one PromQL expression selects, with the job each selector pins (or ""). */
    static Map<String, Set<String>> metrics(String expr) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        String e = expr.replaceAll("\"[^\"]*\"", "\"\"");
        Matcher selector = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}").matcher(expr);
        while (selector.find()) {
            if (selector.group(1) != null && !PROMQL_WORDS.contains(selector.group(1))) {
                Matcher job = Pattern.compile("\\bjob\\s*=\\s*\"([^\"]+)\"").matcher(selector.group(2));
                out.computeIfAbsent(selector.group(1), k -> new LinkedHashSet<>()).add(job.find() ? job.group(1) : "");
            }
        }
        e = e.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Matcher name = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()").matcher(e);
        while (name.find()) {
            if (!PROMQL_WORDS.contains(name.group(1).toLowerCase()) && !out.containsKey(name.group(1))) {
                out.computeIfAbsent(name.group(1), k -> new LinkedHashSet<>()).add("");
            }
        }
        return out;
    }

    /** A scrape target: the metrics it serves (by prefix) and the job label it gives them. */
    record Target(String what, Predicate<String> serves, Set<String> jobs) {
    }

    static List<Target> targets(List<Charts.Doc> docs) {
        List<Target> targets = new ArrayList<>();
        for (Charts.Doc d : docs) {
            if (!d.kind().equals("PodMonitor") && !d.kind().equals("ServiceMonitor")) {
                continue;
            }
            JsonNode spec = d.tree().path("spec");
            String selector = spec.path("selector").toString();
            JsonNode endpoints = d.kind().equals("PodMonitor") ? spec.path("podMetricsEndpoints") : spec.path("endpoints");
            Set<String> jobs = new LinkedHashSet<>();
            endpoints.forEach(ep -> ep.path("relabelings").forEach(r -> {
                if (r.path("targetLabel").asText().equals("job")) {
                    jobs.add(r.path("replacement").asText());
                }
            }));
            if (selector.contains("\"app.kubernetes.io/component\":\"service\"") || Set.of("booking-api", "alert-router",
                    "status-projector").stream().anyMatch(s -> selector.contains("\"app.kubernetes.io/name\":\"" + s + "\""))) {
                assertThat(endpoints.toString()).contains("/actuator/prometheus");
                targets.add(new Target(d.id(), m -> m.startsWith("plumbline_") || m.startsWith("http_server_")
                        || m.startsWith("jvm_") || m.startsWith("hikaricp_") || m.startsWith("process_"), jobs));
            } else if (selector.contains("\"app.kubernetes.io/name\":\"mysql\"")) {
                targets.add(new Target(d.id(), m -> m.startsWith("mysql_") || m.equals("up"), jobs));
            } else if (selector.contains("-kafka-exporter\"")) {
                targets.add(new Target(d.id(), m -> m.startsWith("kafka_consumergroup_") || m.startsWith("kafka_topic_")
                        || m.startsWith("kafka_brokers"), jobs));
            } else if (selector.contains("\"strimzi.io/kind\":\"Kafka\"")) {
                targets.add(new Target(d.id(), m -> m.startsWith("kafka_server_") || m.startsWith("kafka_controller_"), jobs));
            }
        }
        // what the rebuild's kube-prometheus-stack brings (both on unless its values switch them off)
        String kps = Charts.text(ROOT.resolve("ops/rebuild/kube-prometheus-stack-values.yaml"));
        if (!kps.matches("(?s).*kubeStateMetrics:\\s*\\n\\s*enabled: false.*")) {
            targets.add(new Target("kube-state-metrics (kube-prometheus-stack)", m -> m.startsWith("kube_"), Set.of()));
        }
        if (!kps.matches("(?s).*kubelet:\\s*\\n\\s*enabled: false.*")) {
            targets.add(new Target("kubelet (kube-prometheus-stack)", m -> m.startsWith("kubelet_")
                    || m.startsWith("container_"), Set.of()));
        }
        if (!kps.matches("(?s).*nodeExporter:\\s*\\n\\s*enabled: false.*")) {
            targets.add(new Target("node-exporter (kube-prometheus-stack)", m -> m.startsWith("node_"), Set.of()));
        }
        return targets;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void everyAlertRulesMetricHasAScrapeTarget(Path values) {
        List<Charts.Doc> docs = Charts.render(values);
        List<Target> targets = targets(docs);
        JsonNode rule = Charts.one(docs, "PrometheusRule", "").tree();
        List<String> unscraped = new ArrayList<>();
        rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> {
            metrics(r.path("expr").asText()).forEach((metric, jobs) -> {
                List<Target> serving = targets.stream().filter(t -> t.serves().test(metric)).toList();
                if (serving.isEmpty()) {
                    unscraped.add(r.path("alert").asText(r.path("record").asText()) + ": " + metric + " (no target)");
                }
                for (String job : jobs) {
                    if (!job.isEmpty() && serving.stream().noneMatch(t -> t.jobs().contains(job))) {
                        unscraped.add(r.path("alert").asText() + ": " + metric + "{job=\"" + job + "\"} (no target labels that job)");
                    }
                }
            });
        }));
        assertThat(unscraped).as("alert rules whose metric nothing scrapes").isEmpty();
    }

    @Test
    void theMetricParserFindsWhatAnExpressionSelects() {
        assertThat(metrics("sum by (consumergroup, topic) (kafka_consumergroup_lag) > 1000").keySet())
                .containsExactly("kafka_consumergroup_lag");
        assertThat(metrics("up{job=\"mysql\"} == 0 or absent(mysql_up{job=\"mysql\"})"))
                .containsEntry("up", Set.of("mysql")).containsEntry("mysql_up", Set.of("mysql"));
    }

    /** A line exactly as a service prints it: Spring Boot's structured-logging encoder in the format they configure. */
    static String serviceLogLine(String format) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putObject(Environment.class.getName(), new StandardEnvironment());
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        context.getMDCAdapter().put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        LoggingEvent event = new LoggingEvent("x", context.getLogger("io.plumbline.booking.Bookings"), Level.WARN,
                "booking refused", null, new Object[0]);
        return new String(encoder.encode(event), StandardCharsets.UTF_8).strip();
    }

    /** Alloy's stage.json expressions are JMESPath: a dotted path, a quoted segment being one literal key. */
    static JsonNode jmesPath(JsonNode doc, String expression) {
        JsonNode node = doc;
        Matcher segment = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|([A-Za-z_][A-Za-z0-9_]*)").matcher(expression);
        while (segment.find()) {
            node = node.path(segment.group(1) != null ? segment.group(1) : segment.group(2));
        }
        return node;
    }

    /** The Alloy config's stage.json expressions: name → JMESPath (River string escapes undone). */
    static Map<String, String> stageJsonExpressions(String alloy) {
        Matcher block = Pattern.compile("stage\\.json\\s*\\{\\s*expressions\\s*=\\s*\\{([^}]*)}").matcher(alloy);
        assertThat(block.find()).as("a stage.json in the Alloy pipeline").isTrue();
        Map<String, String> out = new LinkedHashMap<>();
        Matcher kv = Pattern.compile("(\\w+)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(block.group(1));
        while (kv.find()) {
            out.put(kv.group(1), kv.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void theLogPipelineParsesTheLineAServiceReallyPrints(Path values) throws Exception {
        Charts.Doc cm = alloyConfig(Charts.render(values));
        if (cm == null) {
            return; // logging.enabled=false in this values file
        }
        Map<String, String> expressions = stageJsonExpressions(cm.tree().path("data").path("config.alloy").asText());
        for (String service : List.of("booking-api", "alert-router", "status-projector", "backup-worker")) {
            String format = consoleFormat(service);
            assertThat(format).as("%s prints structured JSON (logging.structured.format.console)", service).isEqualTo("ecs");
            JsonNode line = Charts.JSON.readTree(serviceLogLine(format));
            assertThat(jmesPath(line, expressions.get("level")).asText()).as("level parsed from %s", line).isEqualTo("WARN");
            assertThat(jmesPath(line, expressions.get("trace_id")).asText()).as("trace id parsed from %s", line)
                    .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        }
    }

    static Charts.Doc alloyConfig(List<Charts.Doc> docs) {
        return docs.stream().filter(d -> d.kind().equals("ConfigMap") && d.name().endsWith("-alloy")).findFirst()
                .orElse(null);
    }

    /** logging.structured.format.console of a service's application.yml (its first, profile-less document). */
    static String consoleFormat(String service) throws Exception {
        String yml = Charts.text(ROOT.resolve(service + "/src/main/resources/application.yml"));
        JsonNode first = Charts.YAML.readTree(yml.split("(?m)^---\\s*$")[0]);
        return first.path("logging").path("structured").path("format").path("console").asText("");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void theLogPathIsInstalledPinnedAndReachable(Path values) throws Exception {
        List<Charts.Doc> docs = Charts.render(values);
        String install = Charts.text(ROOT.resolve("ops/rebuild/install-operators.sh"));
        String rebuild = Charts.text(ROOT.resolve(".github/workflows/rebuild.yml"));
        for (String[] chart : List.of(new String[] {"loki", "LOKI_VERSION"}, new String[] {"alloy", "ALLOY_VERSION"},
                new String[] {"metrics-server", "METRICS_SERVER_VERSION"})) {
            assertThat(install).as("the rebuild installs %s at a pinned version", chart[0])
                    .containsPattern("helm upgrade --install " + chart[0] + " " + chart[0] + " [^\\n]*\\n[^\\n]*--version \"\\$\\{" + chart[1] + "}\"");
            assertThat(rebuild).containsPattern("(?m)^  " + chart[1] + ": \\d+\\.\\d+\\.\\d+$");
        }
        // Alloy reads the chart's ConfigMap by name, in its own namespace
        Charts.Doc cm = alloyConfig(docs);
        if (cm == null) {
            return; // logging.enabled=false in this values file
        }
        JsonNode alloyValues = Charts.YAML.readTree(Charts.text(ROOT.resolve("ops/rebuild/alloy-values.yaml")));
        assertThat(alloyValues.path("alloy").path("configMap").path("create").asBoolean(true)).isFalse();
        assertThat(alloyValues.path("alloy").path("configMap").path("name").asText()).isEqualTo(cm.name());
        assertThat(install).containsPattern("helm upgrade --install alloy [^\\n]*\\n[^\\n]*\\n\\s*--namespace " + cm.namespace() + " ");
        // Loki keeps multi-tenancy on: the pipeline pushes as a tenant
        JsonNode lokiValues = Charts.YAML.readTree(Charts.text(ROOT.resolve("ops/rebuild/loki-values.yaml")));
        String alloy = cm.tree().path("data").path("config.alloy").asText();
        if (lokiValues.path("loki").path("auth_enabled").asBoolean(true)) {
            assertThat(alloy).containsPattern("tenant_id\\s*=\\s*\"[A-Za-z0-9_.-]+\"");
        }
        assertThat(lokiValues.path("gateway").path("enabled").asBoolean(false)).isTrue();
        // the NetworkPolicies open the Loki gateway pods' port (the grafana/loki chart's nginx listens on 8080; its
        // Service maps 80 to it), nothing else of Loki
        List<Integer> lokiPorts = new ArrayList<>();
        for (Charts.Doc np : Charts.ofKind(docs, "NetworkPolicy")) {
            np.tree().path("spec").path("egress").forEach(rule -> {
                if (rule.path("to").toString().contains("\"app.kubernetes.io/name\":\"loki\"")) {
                    rule.path("ports").forEach(p -> lokiPorts.add(p.path("port").asInt()));
                }
            });
        }
        assertThat(lokiPorts).isNotEmpty().containsOnly(8080);
        // the HPAs scale on resource metrics: metrics-server serves them
        if (!Charts.ofKind(docs, "HorizontalPodAutoscaler").isEmpty()) {
            assertThat(install).contains("helm upgrade --install metrics-server");
        }
    }
}
