package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dependencies' configuration as rendered: Strimzi resources (no fabric8 model: checked as generic trees),
 * MySQL replication settings, ProxySQL's routing (its query rules evaluated the way ProxySQL does), Orchestrator's
 * recovery settings and hooks, and every shell script the chart ships (sh -n).
 */
class DataLayerTest {

    @TempDir
    Path tmp;

    private static List<Charts.Doc> docs() {
        return Charts.renderDefaults();
    }

    private static ConfigMap configMap(String suffix) {
        return StrictModels.parse(Charts.one(docs(), "ConfigMap", suffix).tree(), ConfigMap.class);
    }

    // ---- Kafka (Strimzi) ----------------------------------------------------------------------------------------

    /** Topic names of docs/events.md's "All topics" table, `<topic>.DLT` expanded for every source topic. */
    static Set<String> catalogueTopics() throws IOException {
        String events = Files.readString(Charts.MODULE.getParent().resolve("docs/events.md"));
        String table = events.substring(events.indexOf("## All topics"), events.indexOf("\n## ", events.indexOf("## All topics") + 5));
        Set<String> topics = new TreeSet<>();
        boolean dlt = false;
        for (String line : table.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String first = line.split("\\|")[1];
            Matcher m = Pattern.compile("`([^`]+)`").matcher(first);
            while (m.find()) {
                if (m.group(1).equals("<topic>.DLT")) {
                    dlt = true;
                } else {
                    topics.add(m.group(1));
                }
            }
        }
        if (dlt) {
            topics.addAll(topics.stream().filter(t -> t.matches("(booking|ops)\\..*\\.v\\d+")).map(t -> t + ".DLT").toList());
        }
        return topics;
    }

    @Test
    void kafkaRunsInKraftModeWithAControllerAndBrokerPoolOfThree() {
        JsonNode kafka = Charts.one(docs(), "Kafka", "plumbline-kafka").tree();
        assertThat(kafka.path("spec").has("zookeeper")).as("no ZooKeeper in KRaft mode").isFalse();
        JsonNode config = kafka.path("spec").path("kafka").path("config");
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("auto.create.topics.enable").asBoolean(true)).isFalse();
        assertThat(kafka.path("spec").path("kafka").path("listeners").findValuesAsText("port")).contains("9092");
        assertThat(kafka.path("spec").path("kafkaExporter").isObject()).as("consumer lag exporter").isTrue();

        JsonNode pool = Charts.one(docs(), "KafkaNodePool", "-dual-role").tree();
        assertThat(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("plumbline-kafka");
        assertThat(pool.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(pool.path("spec").path("roles").findValuesAsText("")).isEmpty();
        List<String> roles = new ArrayList<>();
        pool.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
        assertThat(roles).containsExactlyInAnyOrder("controller", "broker");
        assertThat(pool.path("spec").path("storage").path("volumes").get(0).path("type").asText()).isEqualTo("persistent-claim");
    }

    /**
     * Kafka versions each Strimzi operator release runs (its kafka-versions.yaml, entries with supported: true).
     * Strimzi 1.0 serves only kafka.strimzi.io/v1; 1.1 removed Kafka 4.1.x.
     */
    static final Map<String, List<String>> STRIMZI_KAFKA_VERSIONS = Map.of(
            "1.2.0", List.of("4.2.0", "4.2.1", "4.3.0", "4.3.1"));

    @Test
    void theStrimziResourcesTheOperatorAndTheKafkaVersionAgree() throws IOException {
        JsonNode rebuild = Charts.YAML.readTree(Charts.MODULE.getParent().resolve(".github/workflows/rebuild.yml").toFile());
        String operator = rebuild.path("env").path("STRIMZI_VERSION").asText();
        assertThat(STRIMZI_KAFKA_VERSIONS).as("Kafka versions of the Strimzi operator the rebuild installs (%s) are recorded",
                operator).containsKey(operator);
        assertThat(Files.readString(Charts.MODULE.getParent().resolve("ops/rebuild/install-operators.sh")))
                .contains("--version \"${STRIMZI_VERSION}\"");
        for (Path values : Charts.validCiValues()) {
            List<Charts.Doc> strimzi = Charts.render(values).stream()
                    .filter(d -> d.apiVersion().startsWith("kafka.strimzi.io/")).toList();
            assertThat(strimzi).as("Strimzi resources of %s", values.getFileName()).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.apiVersion()).as(d.id()).isEqualTo("kafka.strimzi.io/v1"));
            String kafka = Charts.one(strimzi, "Kafka", "plumbline-kafka").tree().path("spec").path("kafka")
                    .path("version").asText();
            assertThat(STRIMZI_KAFKA_VERSIONS.get(operator)).as("Kafka %s on Strimzi %s", kafka, operator).contains(kafka);
        }
    }

    @Test
    void everyTopicOfTheEventCatalogueIsAKafkaTopic() throws IOException {
        Set<String> catalogue = catalogueTopics();
        assertThat(catalogue).contains("booking.events.v1", "ops.maintenance.v1", "ops.alerts.v1.DLT",
                "booking-api.cdc-offsets");
        Map<String, JsonNode> topics = Charts.ofKind(docs(), "KafkaTopic").stream()
                .collect(Collectors.toMap(d -> d.tree().path("spec").path("topicName").asText(), Charts.Doc::tree));
        assertThat(topics.keySet()).containsAll(catalogue);
        for (JsonNode t : topics.values()) {
            assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("plumbline-kafka");
            assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(3);
            assertThat(t.path("spec").path("partitions").asInt()).isPositive();
            assertThat(t.path("spec").path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
        }
        assertThat(topics.get("ops.maintenance.v1").path("spec").path("config").path("cleanup.policy").asText())
                .isEqualTo("compact");
        assertThat(topics.get("booking-api.cdc-offsets").path("spec").path("config").path("cleanup.policy").asText())
                .isEqualTo("compact");
        assertThat(topics.get("booking.events.v1").path("spec").path("partitions").asInt()).isEqualTo(3);
        assertThat(topics.get("booking.events.v1").path("spec").path("config").path("retention.ms").asLong())
                .isEqualTo(7L * 24 * 3600 * 1000);
        assertThat(topics.get("ops.backups.v1").path("spec").path("config").path("retention.ms").asLong())
                .isEqualTo(90L * 24 * 3600 * 1000);
    }

    @Test
    void theAdminAllowListSecurityPolicyIsWellFormed() {
        JsonNode policy = Charts.one(docs(), "SecurityPolicy", "-admin-allow-list").tree();
        assertThat(policy.path("spec").path("targetRefs").get(0).path("kind").asText()).isEqualTo("HTTPRoute");
        assertThat(policy.path("spec").path("targetRefs").get(0).path("group").asText()).isEqualTo("gateway.networking.k8s.io");
        assertThat(policy.path("spec").path("authorization").path("rules").get(0).path("action").asText()).isEqualTo("Allow");
    }

    // ---- MySQL --------------------------------------------------------------------------------------------------

    @Test
    void mysqlReplicatesWithGtidAndTheReplicaIsSuperReadOnly() {
        ConfigMap cm = configMap("-mysql");
        String common = cm.getData().get("common.cnf");
        assertThat(common).containsPattern("(?m)^gtid_mode = ON$").containsPattern("(?m)^enforce_gtid_consistency = ON$")
                .containsPattern("(?m)^log_replica_updates = ON$").containsPattern("(?m)^binlog_format = ROW$")
                .containsPattern("(?m)^binlog_row_image = FULL$");
        assertThat(cm.getData().get("replica.cnf")).containsPattern("(?m)^read_only = ON$")
                .containsPattern("(?m)^super_read_only = ON$");
        assertThat(cm.getData().get("primary.cnf")).containsPattern("(?m)^read_only = OFF$");
        StatefulSet sts = StrictModels.parse(Charts.one(docs(), "StatefulSet", "-mysql").tree(), StatefulSet.class);
        assertThat(sts.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(sts.getSpec().getVolumeClaimTemplates()).isNotEmpty();
        // the init file creates the admin account from the secret and removes root
        assertThat(cm.getData().get("init-server.sh")).contains("DROP USER IF EXISTS 'root'@'localhost', 'root'@'%'")
                .contains("$ADMIN_PASSWORD").contains("--initialize-insecure");
    }

    /** user → its GRANT statements, as the accounts SQL the servers apply at start renders them. */
    static Map<String, List<String>> grantsByUser(String sql) {
        Matcher grants = Pattern.compile("GRANT (.+?) TO '([a-z_]+)'@'%'").matcher(sql);
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        while (grants.find()) {
            byUser.computeIfAbsent(grants.group(2), k -> new ArrayList<>()).add(grants.group(1).replace("\\`", "`"));
        }
        return byUser;
    }

    @Test
    void everyServerCreatesTheLeastPrivilegeAccountsItselfAndTheJobAppliesTheSameSql() {
        String sql = configMap("-mysql").getData().get("accounts-sql.sh");
        assertThat(sql).as("the MySQL servers' own accounts SQL").isNotNull();
        assertThat(configMap("-mysql").getData().get("init-server.sh")).contains(". /config/accounts-sql.sh")
                .containsPattern("(?s)SET sql_log_bin = 0;.*accounts_sql\\s.*SET sql_log_bin = 1;");
        assertThat(configMap("-db-accounts").getData().get("accounts-sql.sh")).isEqualTo(sql);
        Map<String, List<String>> byUser = grantsByUser(sql);
        assertThat(byUser).containsKeys("booking_app", "booking_ro", "booking_cdc", "status_app", "alerting_app",
                "backup", "probe", "replicator", "exporter", "proxysql_monitor", "orchestrator", "migrator");
        byUser.forEach((user, list) -> {
            assertThat(list).as("grants of %s", user).noneMatch(g -> g.contains("ALL PRIVILEGES ON *.*"))
                    .noneMatch(g -> g.contains("GRANT OPTION"))
                    // global SELECT reads the console's password hashes and mysql.global_priv
                    .noneMatch(g -> g.matches("(?i).*\\bSELECT\\b.* ON \\*\\.\\*"));
            assertThat(sql).as("%s loses every privilege not listed", user)
                    .contains("REVOKE ALL PRIVILEGES, GRANT OPTION FROM '" + user + "'@'%';");
        });
        // the services: DML on their own schema, nothing else (DDL is the migrator's)
        assertThat(byUser.get("booking_app")).containsExactly("SELECT, INSERT, UPDATE, DELETE ON `booking`.*");
        assertThat(byUser.get("status_app")).containsExactly("SELECT, INSERT, UPDATE, DELETE ON `status`.*");
        assertThat(byUser.get("alerting_app")).containsExactly("SELECT, INSERT, UPDATE, DELETE ON `alerting`.*");
        assertThat(byUser.get("booking_ro")).containsExactly("SELECT ON `booking`.*");
        // Debezium: the binlog and the outbox table only
        assertThat(byUser.get("booking_cdc"))
                .containsExactlyInAnyOrder("REPLICATION SLAVE, REPLICATION CLIENT ON *.*", "SELECT ON `booking`.`outbox`");
        // mysqldump of booking with --single-transaction --source-data (BackupJob): RELOAD + REPLICATION CLIENT
        assertThat(byUser.get("backup")).containsExactlyInAnyOrder(
                "SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT ON `booking`.*", "RELOAD, REPLICATION CLIENT ON *.*");
        assertThat(byUser.get("replicator")).containsExactly("REPLICATION SLAVE ON *.*");
        String script = configMap("-db-accounts").getData().get("accounts.sh");
        assertThat(script).contains("SOURCE_AUTO_POSITION=1").contains("SELECT @@global.read_only")
                .contains("accounts_sql | mysql").doesNotContainPattern("-u\\s*root").contains("-u plumbline_admin");
    }

    @Test
    void theBackupDumpNeedsNoPrivilegeBeyondItsGrants() throws Exception {
        // the flags BackupJob passes to mysqldump decide which global privileges the backup account needs
        String job = Files.readString(Charts.MODULE.getParent()
                .resolve("backup-worker/src/main/java/io/plumbline/backup/BackupJob.java"));
        String props = Files.readString(Charts.MODULE.getParent()
                .resolve("backup-worker/src/main/java/io/plumbline/backup/BackupProperties.java"));
        assertThat(job).contains("\"--single-transaction\"").contains("\"--no-tablespaces\"");
        assertThat(props).contains("\"--source-data=2\"");
        List<String> backup = grantsByUser(configMap("-mysql").getData().get("accounts-sql.sh")).get("backup");
        // --source-data: FLUSH TABLES WITH READ LOCK (RELOAD) and the binary log position (REPLICATION CLIENT);
        // --no-tablespaces: no PROCESS
        assertThat(backup).anySatisfy(g -> assertThat(g).contains("RELOAD").contains("REPLICATION CLIENT"))
                .noneMatch(g -> g.contains("PROCESS"));
    }

    // ---- ProxySQL -----------------------------------------------------------------------------------------------

    /** The entries `{ k=v, ... }` (one per line) of a libconfig list, as maps. */
    static List<Map<String, String>> entries(String cnf, String section) {
        int start = cnf.indexOf("\n" + section + "=");
        assertThat(start).as("section %s", section).isPositive();
        String body = cnf.substring(start, cnf.indexOf("\n)", start));
        List<Map<String, String>> out = new ArrayList<>();
        Matcher entry = Pattern.compile("(?m)^\\s*\\{(.*)}\\s*,?\\s*$").matcher(body);
        while (entry.find()) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher kv = Pattern.compile("(\\w+)\\s*=\\s*(\"[^\"]*\"|[^,\\s}]+)").matcher(entry.group(1));
            while (kv.find()) {
                fields.put(kv.group(1), kv.group(2).replaceAll("^\"|\"$", ""));
            }
            out.add(fields);
        }
        return out;
    }

    /** ProxySQL's routing: the first active rule (by rule_id) whose filters match and that applies decides. */
    static String route(List<Map<String, String>> rules, Map<String, String> users, String user, int port, String sql) {
        String hostgroup = users.get(user);
        for (Map<String, String> rule : rules.stream()
                .sorted(Comparator.comparingInt(r -> Integer.parseInt(r.get("rule_id")))).toList()) {
            if (!"1".equals(rule.get("active"))
                    || (rule.containsKey("username") && !rule.get("username").equals(user))
                    || (rule.containsKey("proxy_port") && Integer.parseInt(rule.get("proxy_port")) != port)
                    || (rule.containsKey("match_digest")
                    && !Pattern.compile(rule.get("match_digest"), Pattern.CASE_INSENSITIVE).matcher(sql).find())) {
                continue;
            }
            if (rule.containsKey("error_msg")) {
                return "error";
            }
            if (rule.containsKey("destination_hostgroup")) {
                hostgroup = rule.get("destination_hostgroup");
            }
            if ("1".equals(rule.get("apply"))) {
                break;
            }
        }
        return hostgroup;
    }

    @Test
    void proxysqlSplitsReadsAndWritesAndMovesServersByReadOnly() {
        String cnf = configMap("-proxysql").getData().get("proxysql.cnf");
        List<Map<String, String>> hostgroups = entries(cnf, "mysql_replication_hostgroups");
        assertThat(hostgroups).singleElement().satisfies(h -> {
            assertThat(h).containsEntry("writer_hostgroup", "10").containsEntry("reader_hostgroup", "20")
                    .containsEntry("check_type", "read_only");
        });
        assertThat(cnf).containsPattern("monitor_username=\"proxysql_monitor\"")
                .contains("monitor_password=\"${PROXYSQL_MONITOR_PASSWORD}\"")
                .doesNotContainPattern("admin_credentials=\"admin:");
        assertThat(entries(cnf, "mysql_servers")).hasSize(2).allSatisfy(s -> assertThat(s.get("port")).isEqualTo("3306"));
        List<Map<String, String>> users = entries(cnf, "mysql_users");
        assertThat(users).allSatisfy(u -> assertThat(u.get("password")).matches("\\$\\{PROXYSQL_PW_[A-Z_]+}"));
        Map<String, String> defaults = users.stream().collect(Collectors.toMap(u -> u.get("username"), u -> u.get("default_hostgroup")));

        List<Map<String, String>> rules = entries(cnf, "mysql_query_rules");
        // reads of the read account go to the readers, locking reads to the writer
        assertThat(route(rules, defaults, "booking_ro", 6033, "SELECT * FROM booking WHERE code = ?")).isEqualTo("20");
        assertThat(route(rules, defaults, "booking_ro", 6033, "SELECT * FROM slot WHERE id = ? FOR UPDATE")).isEqualTo("10");
        assertThat(route(rules, defaults, "booking_ro", 6033, "select count(*) from booking for share")).isEqualTo("10");
        // the writing accounts read their own writes
        assertThat(route(rules, defaults, "booking_app", 6033, "SELECT * FROM booking WHERE code = ?")).isEqualTo("10");
        assertThat(route(rules, defaults, "booking_app", 6033, "INSERT INTO booking VALUES (?)")).isEqualTo("10");
        assertThat(route(rules, defaults, "status_app", 6034, "SELECT * FROM proj_metric")).isEqualTo("10");
        // each account only on its own path
        assertThat(route(rules, defaults, "status_app", 6033, "SELECT 1")).isEqualTo("error");
        assertThat(route(rules, defaults, "alerting_app", 6033, "SELECT 1")).isEqualTo("error");
        assertThat(route(rules, defaults, "booking_app", 6034, "SELECT 1")).isEqualTo("error");
        assertThat(route(rules, defaults, "alerting_app", 6034, "UPDATE alert_thread SET ts = ?")).isEqualTo("10");
    }

    // ---- Orchestrator -------------------------------------------------------------------------------------------

    @Test
    void orchestratorReallyPromotesAndItsHooksUpdateProxySqlAndNotifyPlumbline() throws IOException {
        ConfigMap cm = configMap("-orchestrator");
        String template = cm.getData().get("orchestrator.conf.json");
        JsonNode conf = Charts.JSON.readTree(template.replace("${ORC_POD_FQDN}", "orc-0.example"));
        String alias = "plumbline-db";
        assertThat(conf.path("DetectClusterAliasQuery").asText()).isEqualTo("SELECT '" + alias + "'");
        List<String> filters = new ArrayList<>();
        conf.path("RecoverMasterClusterFilters").forEach(f -> filters.add(f.asText()));
        assertThat(filters).as("recovery filters must match the cluster").anyMatch(f -> f.equals("*")
                || Pattern.compile(f).matcher(alias).find() || f.equals("alias=" + alias));
        assertThat(conf.path("RecoveryPeriodBlockSeconds").asInt()).isBetween(30, 3600);
        assertThat(conf.path("ApplyMySQLPromotionAfterMasterFailover").asBoolean()).isTrue();
        assertThat(conf.path("AutoPseudoGTID").asBoolean(true)).isFalse();
        assertThat(conf.path("MySQLHostnameResolveMethod").asText()).isEqualTo("@@report_host");
        assertThat(conf.has("MySQLTopologyPassword")).as("no password in the config").isFalse();
        assertThat(conf.path("MySQLTopologyCredentialsConfigFile").asText()).startsWith("/run/");
        assertThat(conf.path("RaftNodes")).hasSize(3);
        assertThat(conf.path("PostMasterFailoverProcesses").get(0).asText())
                .contains("/hooks/failover-hook.sh promoted").contains("{successorHost}").contains("{failedHost}");
        assertThat(conf.path("PostUnsuccessfulFailoverProcesses").get(0).asText()).contains("/hooks/failover-hook.sh failed");

        String hook = cm.getData().get("failover-hook.sh");
        assertThat(hook).contains("OFFLINE_HARD").contains("LOAD MYSQL SERVERS TO RUNTIME").contains("-P 6032")
                .contains("Authorization: Bearer $NOTIFY_TOKEN").contains("\"version\":\"4\"").contains("\"fingerprint\"");
        // the hook's target is alert-router's real webhook, with the token from the Secret
        StatefulSet sts = StrictModels.parse(Charts.one(docs(), "StatefulSet", "-orchestrator").tree(), StatefulSet.class);
        Map<String, EnvVar> env = sts.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("NOTIFY_URL").getValue()).endsWith(":8081" + MonitoringTest.alertRouterWebhookPath());
        assertThat(env.get("NOTIFY_TOKEN").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("alertmanager-webhook-token");
        assertThat(env.get("PROXYSQL_REPLICAS").getValue()).isEqualTo("2");
        assertThat(Files.readString(Charts.CHART.resolve("files/orchestrator/README.md")))
                .contains("RecoverMasterClusterFilters", "ApplyMySQLPromotionAfterMasterFailover", "RecoveryPeriodBlockSeconds");
    }

    // ---- scripts ------------------------------------------------------------------------------------------------

    @Test
    void everyShippedShellScriptParses() throws IOException {
        String sh = Tools.require("sh", "dash");
        int scripts = 0;
        for (Charts.Doc doc : Charts.ofKind(docs(), "ConfigMap")) {
            ConfigMap cm = StrictModels.parse(doc.tree(), ConfigMap.class);
            for (Map.Entry<String, String> e : cm.getData().entrySet()) {
                if (!e.getKey().endsWith(".sh")) {
                    continue;
                }
                Path file = tmp.resolve(cm.getMetadata().getName() + "-" + e.getKey());
                Files.writeString(file, e.getValue());
                Tools.Result r = Tools.run(tmp, 20, sh, "-n", file.toString());
                assertThat(r.exit()).as("sh -n %s:\n%s", file.getFileName(), r.output()).isZero();
                assertThat(e.getValue()).as("%s starts with a shebang", file.getFileName()).startsWith("#!/bin/sh");
                scripts++;
            }
        }
        assertThat(scripts).isGreaterThanOrEqualTo(6);
    }

    @Test
    void proxysqlPlaceholdersAreFilledLiterallyFromTheEnvironment() throws IOException {
        // run the init container's render script against the rendered template with hostile password characters
        ConfigMap cm = configMap("-proxysql");
        Path config = Files.createDirectories(tmp.resolve("config"));
        Path out = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(config.resolve("proxysql.cnf"), cm.getData().get("proxysql.cnf"));
        String script = cm.getData().get("render-config.sh").replace("/config/", config + "/").replace("/run/proxysql/", out + "/");
        Path scriptFile = tmp.resolve("render.sh");
        Files.writeString(scriptFile, script);
        ProcessBuilder pb = new ProcessBuilder("sh", scriptFile.toString()).redirectErrorStream(true);
        String hostile = "a&b\\1$HOME`x`/'";
        for (String var : List.of("PROXYSQL_ADMIN_PASSWORD", "PROXYSQL_MONITOR_PASSWORD", "PROXYSQL_PW_BOOKING_APP",
                "PROXYSQL_PW_BOOKING_RO", "PROXYSQL_PW_MIGRATOR", "PROXYSQL_PW_STATUS_APP", "PROXYSQL_PW_ALERTING_APP")) {
            pb.environment().put(var, hostile + var);
        }
        Process p = pb.start();
        try {
            assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        String rendered = Files.readString(out.resolve("proxysql.cnf"));
        assertThat(rendered).doesNotContain("${PROXYSQL_").contains("monitor_password=\"" + hostile + "PROXYSQL_MONITOR_PASSWORD\"")
                .contains("password=\"" + hostile + "PROXYSQL_PW_BOOKING_RO\"");
    }
}
