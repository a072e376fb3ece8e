package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert rules (promtool check + unit tests), the Alertmanager configuration (amtool check-config), dashboards and the
 * metric names they use (each must be a meter a Plumbline service registers, or a known exporter's).
 */
class MonitoringTest {

    static final Path FILES = Charts.CHART.resolve("files");
    static final Path RULES = FILES.resolve("prometheus/plumbline-rules.yml");
    static final Set<String> REQUIRED_ALERTS = Set.of("HighTrafficSpike", "DatabaseNodeDown", "InstanceDown",
            "DiskSpaceFull", "MySQLPrimaryDown", "MySQLReplicationStopped", "MySQLReplicationLagging", "BackupMissing",
            "KafkaConsumerLag", "OutboxCdcLag", "SlackDeliveryFailing");

    @TempDir
    Path tmp;

    private static PrometheusRule renderedRule() {
        return Charts.renderDefaults().stream().filter(d -> d.kind().equals("PrometheusRule")).findFirst()
                .map(d -> StrictModels.parse(d.tree(), PrometheusRule.class))
                .orElseThrow(() -> new AssertionError("no PrometheusRule rendered"));
    }

    @Test
    void promtoolChecksTheRenderedRulesAndTheirUnitTestsPass() throws IOException {
        String promtool = Tools.require("promtool", "prometheus");
        // what the operator will load: the PrometheusRule's groups, as a plain rules file
        Path rendered = tmp.resolve("rendered-rules.yml");
        Charts.YAML.writeValue(rendered.toFile(), Map.of("groups",
                StrictModels.STRICT.valueToTree(renderedRule().getSpec().getGroups())));
        Tools.Result check = Tools.run(tmp, 60, promtool, "check", "rules", rendered.toString());
        assertThat(check.exit()).as("promtool check rules (rendered):\n%s", check.output()).isZero();
        Tools.Result checkFile = Tools.run(RULES.getParent(), 60, promtool, "check", "rules", RULES.toString());
        assertThat(checkFile.exit()).as("promtool check rules:\n%s", checkFile.output()).isZero();
        Tools.Result test = Tools.run(RULES.getParent(), 90, promtool, "test", "rules", "plumbline-rules.test.yml");
        assertThat(test.exit()).as("promtool test rules:\n%s", test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyRequiredAlertExistsIsDocumentedAndHasAUnitTestThatFiresIt() throws IOException {
        List<Rule> rules = renderedRule().getSpec().getGroups().stream().flatMap(g -> g.getRules().stream())
                .filter(r -> r.getAlert() != null).toList();
        assertThat(rules.stream().map(Rule::getAlert).collect(Collectors.toSet())).containsAll(REQUIRED_ALERTS);
        for (Rule rule : rules) {
            assertThat(rule.getLabels()).as("labels of %s", rule.getAlert()).containsKeys("severity", "team");
            assertThat(rule.getAnnotations()).as("annotations of %s", rule.getAlert())
                    .containsKeys("summary", "description", "runbook_url");
            // the runbook a tired engineer is sent to exists in this repository
            String url = rule.getAnnotations().get("runbook_url");
            assertThat(url).as("runbook of %s", rule.getAlert()).contains("/blob/main/docs/runbooks/");
            Path runbook = Charts.MODULE.getParent().resolve(url.substring(url.indexOf("docs/runbooks/")));
            assertThat(runbook).as("runbook of %s", rule.getAlert()).isRegularFile();
        }
        // the rendered rules are the file, unchanged
        JsonNode file = Charts.YAML.readTree(RULES.toFile());
        assertThat(StrictModels.STRICT.valueToTree(renderedRule().getSpec().getGroups()).size())
                .isEqualTo(file.path("groups").size());
        // every alert has a promtool test case that expects it to fire (non-empty exp_alerts)
        JsonNode tests = Charts.YAML.readTree(RULES.resolveSibling("plumbline-rules.test.yml").toFile());
        Set<String> fired = new TreeSet<>();
        tests.path("tests").forEach(t -> t.path("alert_rule_test").forEach(a -> {
            if (!a.path("exp_alerts").isEmpty()) {
                fired.add(a.path("alertname").asText());
            }
        }));
        assertThat(fired).containsAll(REQUIRED_ALERTS);
    }

    /** The rendered AlertmanagerConfig (the Alertmanager's root configuration) of one values file. */
    static Charts.Doc alertmanagerConfig(Path values) {
        return Charts.one(Charts.render(values), "AlertmanagerConfig", "-alertmanager");
    }

    /**
     * alertmanager.yaml as prometheus-operator generates it from a root AlertmanagerConfig (alertmanagerConfiguration):
     * camelCase keys in snake_case, matchers as strings, Secret references replaced by their (here: placeholder)
     * values. The operator also prefixes receiver names; that changes nothing amtool checks.
     */
    static JsonNode toAlertmanagerYaml(JsonNode spec) {
        ObjectNode config = Charts.JSON.createObjectNode();
        config.set("route", convert(spec.path("route")));
        config.set("receivers", convert(spec.path("receivers")));
        if (spec.has("inhibitRules")) {
            config.set("inhibit_rules", convert(spec.path("inhibitRules")));
        }
        return config;
    }

    private static JsonNode convert(JsonNode node) {
        if (node.isArray()) {
            ArrayNode out = Charts.JSON.createArrayNode();
            node.forEach(n -> out.add(convert(n)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = Charts.JSON.createObjectNode();
        node.properties().forEach(e -> {
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "matchers", "sourceMatch", "targetMatch" -> {
                    ArrayNode matchers = Charts.JSON.createArrayNode();
                    value.forEach(m -> matchers.add(m.path("name").asText() + m.path("matchType").asText("=")
                            + "\"" + m.path("value").asText() + "\""));
                    out.set(key.equals("matchers") ? "matchers" : key.equals("sourceMatch") ? "source_matchers"
                            : "target_matchers", matchers);
                }
                // a SecretKeySelector: the operator puts the Secret's value in the generated configuration
                case "credentials" -> out.put("credentials", "<" + value.path("name").asText() + "/" + value.path("key").asText() + ">");
                case "urlSecret" -> out.put("url", "https://secret.invalid/" + value.path("name").asText());
                default -> out.set(key.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT), convert(value));
            }
        });
        return out;
    }

    @Test
    void amtoolAcceptsTheAlertmanagerConfigurationWhichTargetsAlertRoutersWebhook() throws IOException {
        String amtool = Tools.require("amtool", "prometheus-alertmanager");
        for (Path values : Charts.validCiValues()) {
            Charts.Doc doc = alertmanagerConfig(values);
            JsonNode spec = doc.tree().path("spec");
            Path file = tmp.resolve(values.getFileName() + "-alertmanager.yml");
            Charts.YAML.writeValue(file.toFile(), toAlertmanagerYaml(spec));
            Tools.Result check = Tools.run(tmp, 60, amtool, "check-config", file.toString());
            assertThat(check.exit()).as("amtool check-config (%s):\n%s\n%s", values.getFileName(), check.output(),
                    Files.readString(file)).isZero();

            JsonNode receiver = spec.path("receivers").get(0);
            assertThat(spec.path("route").path("receiver").asText()).isEqualTo(receiver.path("name").asText());
            JsonNode webhook = receiver.path("webhookConfigs").get(0);
            assertThat(webhook.path("url").asText()).endsWith(":8081" + alertRouterWebhookPath());
            assertThat(webhook.path("sendResolved").asBoolean()).isTrue();
            JsonNode auth = webhook.path("httpConfig").path("authorization");
            assertThat(auth.path("type").asText()).isEqualTo("Bearer");
            // a reference to the Secret in Alertmanager's namespace, never a value
            assertThat(auth.path("credentials").path("name").asText()).isEqualTo("plumbline-app");
            assertThat(auth.path("credentials").path("key").asText()).isEqualTo("alertmanager-webhook-token");
            assertThat(auth.path("credentials").size()).isEqualTo(2);
        }
    }

    @Test
    void kubePrometheusStackLoadsTheConfigurationFromAlertmanagersNamespace() throws IOException {
        JsonNode kps = Charts.YAML.readTree(Charts.MODULE.getParent()
                .resolve("ops/rebuild/kube-prometheus-stack-values.yaml").toFile());
        JsonNode spec = kps.path("alertmanager").path("alertmanagerSpec");
        // the rebuild installs kube-prometheus-stack into "monitoring" (install-operators.sh) and the chart as release
        // "plumbline" (rebuild.yml RELEASE): the root configuration is found there by name
        assertThat(Files.readString(Charts.MODULE.getParent().resolve("ops/rebuild/install-operators.sh")))
                .contains("helm upgrade --install kube-prometheus-stack kube-prometheus-stack")
                .containsPattern("--namespace monitoring --create-namespace --values \"\\$\\{here}/kube-prometheus-stack-values.yaml\"");
        JsonNode rebuild = Charts.YAML.readTree(Charts.MODULE.getParent().resolve(".github/workflows/rebuild.yml").toFile());
        assertThat(rebuild.path("env").path("RELEASE").asText()).isEqualTo(Charts.RELEASE);
        for (Path values : Charts.validCiValues()) {
            Charts.Doc doc = alertmanagerConfig(values);
            assertThat(doc.namespace()).as("%s: in Alertmanager's namespace", values.getFileName()).isEqualTo("monitoring");
            assertThat(spec.path("alertmanagerConfiguration").path("name").asText()).isEqualTo(doc.name());
            // the root must not also be picked up as a namespaced sub-route
            JsonNode label = doc.tree().path("metadata").path("labels").path("plumbline.io/alertmanager-config");
            assertThat(label.asText()).isEqualTo("root");
            assertThat(spec.path("alertmanagerConfigSelector").path("matchExpressions")).anySatisfy(e -> {
                assertThat(e.path("key").asText()).isEqualTo("plumbline.io/alertmanager-config");
                assertThat(e.path("operator").asText()).isEqualTo("NotIn");
                assertThat(e.path("values").get(0).asText()).isEqualTo(label.asText());
            });
        }
        // the Secret the webhook's token is read from is created in that namespace by the rebuild
        assertThat(Files.readString(Charts.MODULE.getParent().resolve(".github/workflows/rebuild.yml")))
                .contains("plumbline-app is needed in monitoring too");
    }

    @Test
    void slackDeliveryFailingAlsoReachesTheFallbackReceiverWhenOne() throws IOException {
        JsonNode off = alertmanagerConfig(Charts.values("default-values.yaml")).tree().path("spec");
        assertThat(off.path("receivers")).singleElement()
                .satisfies(r -> assertThat(r.path("name").asText()).isEqualTo("plumbline"));
        JsonNode on = alertmanagerConfig(Charts.values("multi-namespace-values.yaml")).tree().path("spec");
        JsonNode first = on.path("route").path("routes").get(0);
        assertThat(first.path("receiver").asText()).isEqualTo("fallback");
        assertThat(first.path("matchers").get(0).path("name").asText()).isEqualTo("alertname");
        assertThat(first.path("matchers").get(0).path("value").asText()).isEqualTo("SlackDeliveryFailing");
        assertThat(first.path("continue").asBoolean()).as("alert-router still records it").isTrue();
        JsonNode fallback = on.path("receivers").get(1);
        assertThat(fallback.path("name").asText()).isEqualTo("fallback");
        assertThat(fallback.path("webhookConfigs").get(0).has("url")).as("the URL only from a Secret").isFalse();
        assertThat(fallback.path("webhookConfigs").get(0).path("urlSecret").path("key").asText()).isNotBlank();
        assertThat(Files.readString(Charts.MODULE.getParent().resolve("docs/runbooks/slack-down.md")))
                .contains("monitoring.alertmanager.fallback");
    }

    /** The path alert-router's controller actually maps (read from its source, so a rename breaks this test). */
    static String alertRouterWebhookPath() throws IOException {
        Path controller = Charts.MODULE.getParent().resolve(
                "alert-router/src/main/java/io/plumbline/alerting/webhook/AlertmanagerWebhookController.java");
        Matcher m = Pattern.compile("@PostMapping\\(path = \"([^\"]+)\"").matcher(Files.readString(controller));
        assertThat(m.find()).as("webhook mapping in %s", controller).isTrue();
        return m.group(1);
    }

    @Test
    void dashboardsAreProvisionedJsonWithValidPromQl() throws IOException {
        String promtool = Tools.require("promtool", "prometheus");
        ConfigMap cm = Charts.renderDefaults().stream()
                .filter(d -> d.kind().equals("ConfigMap") && d.name().endsWith("-dashboards")).findFirst()
                .map(d -> StrictModels.parse(d.tree(), ConfigMap.class)).orElseThrow();
        assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(cm.getData()).containsKeys("platform-overview.json", "bookings-outbox.json", "alerts-slack.json");
        List<Map<String, Object>> records = new ArrayList<>();
        Set<String> uids = new TreeSet<>();
        for (Map.Entry<String, String> e : cm.getData().entrySet()) {
            JsonNode dash = Charts.JSON.readTree(e.getValue());
            assertThat(uids.add(dash.path("uid").asText())).as("unique uid in %s", e.getKey()).isTrue();
            assertThat(dash.path("title").asText()).startsWith("Plumbline / ");
            assertThat(dash.path("panels")).as("panels of %s", e.getKey()).hasSizeGreaterThanOrEqualTo(6);
            for (JsonNode panel : dash.path("panels")) {
                assertThat(panel.path("targets")).as("targets of %s / %s", e.getKey(), panel.path("title")).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("record", "dashboard:" + dash.path("uid").asText().replace('-', '_') + ":panel_"
                            + panel.path("id").asText() + "_" + target.path("refId").asText());
                    record.put("expr", target.path("expr").asText());
                    records.add(record);
                }
            }
        }
        // promtool parses every panel query (as a recording rule): a PromQL typo fails here, not in Grafana
        Path file = tmp.resolve("dashboard-queries.yml");
        Charts.YAML.writeValue(file.toFile(), Map.of("groups", List.of(Map.of("name", "dashboards", "rules", records))));
        Tools.Result check = Tools.run(tmp, 60, promtool, "check", "rules", file.toString());
        assertThat(check.exit()).as("promtool check of the dashboard queries:\n%s", check.output()).isZero();
    }

    /** Meter names registered in the services' main code, as Prometheus base names (dots → underscores). */
    static Set<String> plumblineMeters() throws IOException {
        Pattern meter = Pattern.compile("(?:counter|gauge|Timer\\.builder|Counter\\.builder|Gauge\\.builder|timer)\\(\\s*\"(plumbline\\.[a-z0-9_.]+)\"");
        Set<String> names = new TreeSet<>();
        Path root = Charts.MODULE.getParent();
        try (Stream<Path> files = Files.walk(root)) {
            // paths relative to the repository: a checkout that itself lives under a directory named charts/ counts
            for (Path p : files.filter(f -> f.toString().endsWith(".java")
                    && root.relativize(f).toString().contains("/src/main/java/")
                    && !root.relativize(f).startsWith("charts")).toList()) {
                Matcher m = meter.matcher(Files.readString(p));
                while (m.find()) {
                    names.add(m.group(1).replace('.', '_'));
                }
            }
        }
        return names;
    }

    @Test
    void everyPlumblineMetricInRulesAndDashboardsIsRegisteredByAService() throws IOException {
        Set<String> meters = plumblineMeters();
        assertThat(meters).contains("plumbline_outbox_backlog", "plumbline_slack_deliveries", "plumbline_cdc_lag");
        StringBuilder sources = new StringBuilder(Files.readString(RULES));
        try (Stream<Path> dashboards = Files.list(FILES.resolve("dashboards"))) {
            for (Path d : dashboards.toList()) {
                sources.append(Files.readString(d));
            }
        }
        Matcher m = Pattern.compile("\\bplumbline_[a-z0-9_]+").matcher(sources);
        Set<String> used = new TreeSet<>();
        while (m.find()) {
            used.add(m.group());
        }
        assertThat(used).isNotEmpty();
        for (String metric : used) {
            String base = metric.replaceAll("_(total|count|sum|max|bucket)$", "");
            boolean known = meters.contains(base) || meters.contains(base.replaceAll("_seconds$", ""));
            assertThat(known).as("%s is registered by a Plumbline service (known meters: %s)", metric, meters).isTrue();
        }
    }

    @Test
    void logShippingCoversEveryNamespaceOfTheChart() {
        for (Path values : Charts.validCiValues()) {
            List<Charts.Doc> docs = Charts.render(values);
            // the AlertmanagerConfig lives in kube-prometheus-stack's namespace, whose logs are not the chart's
            // (and Alloy's own pipeline and policy live in Alloy's namespace)
            Set<String> namespaces = docs.stream().filter(d -> !d.kind().equals("AlertmanagerConfig")
                            && !d.name().endsWith("-alloy"))
                    .map(Charts.Doc::namespace).collect(Collectors.toSet());
            docs.stream().filter(d -> d.kind().equals("ConfigMap") && d.name().endsWith("-alloy")).findFirst()
                    .ifPresent(d -> {
                        String alloy = d.tree().path("data").path("config.alloy").asText();
                        assertThat(alloy).contains("loki.write", "loki.source.kubernetes", "log.level");
                        namespaces.forEach(ns -> assertThat(alloy).contains("\"" + ns + "\""));
                        // braces balance: a cheap structural check of the River syntax (no Alloy binary here)
                        assertThat(alloy.chars().filter(c -> c == '{').count())
                                .isEqualTo(alloy.chars().filter(c -> c == '}').count());
                    });
        }
    }
}
