package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The platform's rules, checked on the rendered output of every ci/*-values.yaml. */
class PolicyTest {

    static final Set<String> SERVICES = Set.of("booking-api", "alert-router", "status-projector");
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|credential|api_?key).*");

    record Rendered(Path values, List<Charts.Doc> docs, List<HasMetadata> objects) {
        <T> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        Deployment deployment(String component) {
            return all(Deployment.class).stream().filter(d -> d.getMetadata().getName().endsWith("-" + component))
                    .findFirst().orElseThrow(() -> new AssertionError("no Deployment " + component));
        }

        @Override
        public String toString() {
            return values.getFileName().toString();
        }
    }

    static Stream<Rendered> rendered() {
        return Charts.validCiValues().stream().map(values -> {
            List<Charts.Doc> docs = Charts.render(values);
            List<HasMetadata> objects = docs.stream().filter(d -> StrictModels.modelFor(d.tree()).isPresent())
                    .map(StrictModels::parse).toList();
            return new Rendered(values, docs, objects);
        });
    }

    private static String id(HasMetadata o) {
        return o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private static boolean isBatch(HasMetadata o) {
        return o instanceof Job || o instanceof CronJob;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void everyContainerHasResourcesAndIsLockedDown(Rendered r) {
        List<HasMetadata> workloads = r.objects().stream().filter(o -> StrictModels.podSpec(o).isPresent()).toList();
        assertThat(workloads.size()).as("workloads rendered").isGreaterThanOrEqualTo(7);
        for (HasMetadata w : workloads) {
            PodSpec pod = StrictModels.podSpec(w).orElseThrow();
            PodSecurityContext psc = pod.getSecurityContext();
            assertThat(psc).as("pod securityContext of %s", id(w)).isNotNull();
            assertThat(psc.getRunAsNonRoot()).as("runAsNonRoot of %s", id(w)).isTrue();
            assertThat(psc.getRunAsUser()).as("numeric non-zero runAsUser of %s", id(w)).isNotNull().isPositive();
            assertThat(psc.getSeccompProfile().getType()).as("seccomp of %s", id(w)).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as("no API token in %s", id(w)).isFalse();
            List<Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (Container c : containers) {
                String what = id(w) + " container " + c.getName();
                assertThat(c.getResources()).as("resources of %s", what).isNotNull();
                assertThat(c.getResources().getRequests()).as("requests of %s", what).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as("memory limit of %s", what).containsKey("memory");
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc).as("securityContext of %s", what).isNotNull();
                assertThat(sc.getRunAsNonRoot()).as("runAsNonRoot of %s", what).isNotEqualTo(Boolean.FALSE);
                assertThat(sc.getRunAsUser()).as("runAsUser of %s", what).isNotEqualTo(Long.valueOf(0));
                assertThat(sc.getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem of %s", what).isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation of %s", what).isFalse();
                assertThat(sc.getPrivileged()).as("privileged of %s", what).isNotEqualTo(Boolean.TRUE);
                assertThat(sc.getCapabilities().getDrop()).as("dropped capabilities of %s", what).contains("ALL");
                assertThat(sc.getCapabilities().getAdd()).as("added capabilities of %s", what).isNullOrEmpty();
            }
            if (!isBatch(w)) {
                for (Container c : pod.getContainers()) {
                    String what = id(w) + " container " + c.getName();
                    assertThat(c.getLivenessProbe()).as("liveness probe of %s", what).isNotNull();
                    assertThat(c.getReadinessProbe()).as("readiness probe of %s", what).isNotNull();
                }
            }
            assertThat(StrictModels.podAnnotations(w)).as("checksum/config annotation of %s", id(w))
                    .containsKey("checksum/config");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void theServicesAreHighlyAvailableAndProbedOnTheirActuatorGroups(Rendered r) {
        for (String component : SERVICES) {
            Deployment d = r.deployment(component);
            String name = d.getMetadata().getName();
            Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
            HorizontalPodAutoscaler hpa = r.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(name)).findFirst().orElse(null);
            int replicas = hpa != null ? hpa.getSpec().getMinReplicas() : d.getSpec().getReplicas();
            assertThat(replicas).as("replicas (or HPA minimum) of %s", name).isGreaterThanOrEqualTo(2);
            if (hpa != null) {
                assertThat(d.getSpec().getReplicas()).as("%s leaves replicas to its HPA", name).isNull();
            }
            assertThat(r.all(PodDisruptionBudget.class)).as("a PDB for %s", name)
                    .anySatisfy(p -> assertThat(p.getSpec().getSelector().getMatchLabels()).isEqualTo(selector));
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getTopologySpreadConstraints()).as("spread of %s", name)
                    .anySatisfy(t -> {
                        assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                        assertThat(t.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
                    });
            assertThat(pod.getAffinity().getPodAntiAffinity()).as("anti-affinity of %s", name).isNotNull();
            Container c = pod.getContainers().get(0);
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(c.getStartupProbe()).as("startup probe of %s", name).isNotNull();
            for (var probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
                assertThat(probe.getHttpGet().getPort().getStrVal()).as("%s probed on its management port", name)
                        .isEqualTo("management");
            }
            assertThat(pod.getVolumes()).as("/tmp of %s", name).anySatisfy(v -> {
                assertThat(v.getEmptyDir()).isNotNull();
                assertThat(c.getVolumeMounts()).anySatisfy(m -> {
                    assertThat(m.getName()).isEqualTo(v.getName());
                    assertThat(m.getMountPath()).isEqualTo("/tmp");
                });
            });
            assertThat(r.all(PodMonitor.class)).as("a PodMonitor scraping %s", name).anySatisfy(pm -> {
                assertThat(pm.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
                assertThat(pm.getSpec().getPodMetricsEndpoints()).anySatisfy(e -> {
                    assertThat(e.getPath()).isEqualTo("/actuator/prometheus");
                    assertThat(e.getPort()).isEqualTo("management");
                });
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void backupWorkerIsAForbidConcurrencyCronJobOnItsBackupVolumeClaim(Rendered r) {
        CronJob cron = r.all(CronJob.class).stream().filter(c -> c.getMetadata().getName().endsWith("-backup-worker"))
                .findFirst().orElseThrow();
        // the seed's 19:00 UTC: the schedule is read in the CronJob's time zone, so the two are one setting
        assertThat(cron.getSpec().getSchedule()).isEqualTo("0 19 * * *");
        assertThat(cron.getSpec().getTimeZone()).isIn("Etc/UTC", "UTC");
        assertThat(runsAtUtc(cron.getSpec().getSchedule(), cron.getSpec().getTimeZone())).isEqualTo(java.time.LocalTime.of(19, 0));
        assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(cron.getSpec().getStartingDeadlineSeconds()).isNotNull().isPositive();
        PodSpec pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                .isEqualTo(Charts.RELEASE + "-backups")).noneMatch(v -> v.getNfs() != null);
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    }

    @org.junit.jupiter.api.Test
    void theConsoleDuesBackupsOnTheCronJobsOwnSchedule() {
        var rendered = Charts.renderDefaults();
        CronJob cron = StrictModels.parse(Charts.one(rendered, "CronJob", "-backup-worker").tree(), CronJob.class);
        io.fabric8.kubernetes.api.model.ConfigMap console = StrictModels.parse(
                Charts.one(rendered, "ConfigMap", "-status-projector").tree(), io.fabric8.kubernetes.api.model.ConfigMap.class);
        assertThat(console.getData()).as("status-projector's 'next due' and 'overdue' follow the CronJob")
                .containsEntry("PLUMBLINE_BACKUPS_SCHEDULE", cron.getSpec().getSchedule())
                .containsEntry("PLUMBLINE_BACKUPS_TIMEZONE", cron.getSpec().getTimeZone());
    }

    /** The UTC time of day a daily "M H * * *" schedule fires at in a time zone (on a fixed winter and summer day). */
    static java.time.LocalTime runsAtUtc(String schedule, String timeZone) {
        String[] f = schedule.trim().split("\\s+");
        assertThat(f).as("daily schedule %s", schedule).hasSize(5);
        assertThat(String.join(" ", f[2], f[3], f[4])).isEqualTo("* * *");
        java.time.LocalTime local = java.time.LocalTime.of(Integer.parseInt(f[1]), Integer.parseInt(f[0]));
        java.util.Set<java.time.LocalTime> utc = new java.util.HashSet<>();
        for (java.time.LocalDate day : List.of(java.time.LocalDate.of(2026, 1, 15), java.time.LocalDate.of(2026, 7, 15))) {
            utc.add(day.atTime(local).atZone(java.time.ZoneId.of(timeZone)).withZoneSameInstant(java.time.ZoneOffset.UTC)
                    .toLocalTime());
        }
        assertThat(utc).as("%s in %s fires at one UTC time all year", schedule, timeZone).hasSize(1);
        return utc.iterator().next();
    }

    @org.junit.jupiter.api.Test
    void theScheduleClockReadsTheTimeZone() {
        assertThat(runsAtUtc("0 19 * * *", "Asia/Seoul")).isEqualTo(java.time.LocalTime.of(10, 0));
        assertThat(runsAtUtc("0 19 * * *", "Etc/UTC")).isEqualTo(java.time.LocalTime.of(19, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void backupsAreVerifiedInAScratchDatabaseOfTheirOwnPod(Rendered r) {
        CronJob cron = r.all(CronJob.class).stream().filter(c -> c.getMetadata().getName().endsWith("-backup-worker"))
                .findFirst().orElseThrow();
        PodSpec pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Container db = pod.getInitContainers().stream().filter(c -> c.getName().equals("verify-db")).findFirst().orElseThrow();
        StatefulSet mysql = r.all(StatefulSet.class).stream().filter(s -> s.getMetadata().getName().endsWith("-mysql"))
                .findFirst().orElseThrow();
        // a native sidecar (stopped when the worker exits, so the Job completes) of the servers' MySQL version
        assertThat(db.getRestartPolicy()).isEqualTo("Always");
        assertThat(db.getImage()).isEqualTo(mysql.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertThat(db.getStartupProbe()).as("the worker waits for it").isNotNull();
        assertThat(db.getArgs()).contains("--bind-address=127.0.0.1", "--skip-log-bin", "--mysqlx=OFF");
        String datadir = db.getArgs().stream().filter(a -> a.startsWith("--datadir=")).findFirst().orElseThrow().substring(10);
        String dataVolume = db.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(datadir)).findFirst()
                .orElseThrow().getName();
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo(dataVolume);
            assertThat(v.getEmptyDir()).as("scratch data dies with the pod").isNotNull();
        });
        // the worker is told where it is, under the names backup-worker binds (plumbline.backup.verify.*)
        ConfigMap config = r.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().endsWith("-backup-worker"))
                .findFirst().orElseThrow();
        String port = db.getArgs().stream().filter(a -> a.startsWith("--port=")).findFirst().orElseThrow().substring(7);
        assertThat(config.getData()).containsEntry("PLUMBLINE_BACKUP_VERIFY_HOST", "127.0.0.1")
                .containsEntry("PLUMBLINE_BACKUP_VERIFY_PORT", port).containsEntry("PLUMBLINE_BACKUP_VERIFY_USERNAME", "backup_verify");
        assertThat(config.getData().get("PLUMBLINE_BACKUP_HOST")).as("the dump still comes from the replica")
                .isEqualTo(mysql.getMetadata().getName() + "-" + (mysql.getSpec().getReplicas() - 1) + "."
                        + mysql.getSpec().getServiceName() + "." + mysql.getMetadata().getNamespace() + ".svc");
        Container worker = pod.getContainers().get(0);
        EnvVar password = worker.getEnv().stream().filter(e -> e.getName().equals("PLUMBLINE_BACKUP_VERIFY_PASSWORD"))
                .findFirst().orElseThrow();
        Container init = pod.getInitContainers().stream().filter(c -> c.getName().equals("verify-db-init")).findFirst().orElseThrow();
        EnvVar initPassword = init.getEnv().stream().filter(e -> e.getName().equals("VERIFY_PASSWORD")).findFirst().orElseThrow();
        assertThat(password.getValueFrom().getSecretKeyRef()).isEqualTo(initPassword.getValueFrom().getSecretKeyRef());
        assertThat(r.all(Secret.class)).anySatisfy(s ->
                assertThat(s.getMetadata().getName()).isEqualTo(password.getValueFrom().getSecretKeyRef().getName()));
        // nothing outside the pod can reach it
        assertThat(r.all(io.fabric8.kubernetes.api.model.Service.class)).noneSatisfy(svc -> assertThat(svc.getSpec().getPorts())
                .anySatisfy(p -> assertThat(p.getPort()).isEqualTo(Integer.parseInt(port))));
        // the property names exist in backup-worker (a rename there breaks this test, not the production backup)
        String properties = Charts.text(Charts.MODULE.getParent()
                .resolve("backup-worker/src/main/java/io/plumbline/backup/BackupProperties.java"));
        assertThat(properties).contains("@ConfigurationProperties(\"plumbline.backup\")").contains("Verify verify")
                .containsPattern("record Verify\\((?s:.*?)String host,(?s:.*?)Integer port,(?s:.*?)String username,(?s:.*?)String password\\)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void everyNamespaceOfTheChartIsDefaultDeny(Rendered r) {
        // the AlertmanagerConfig goes into kube-prometheus-stack's namespace, Alloy's pipeline and egress policy into
        // Alloy's: their policies are those charts', not ours
        Set<String> namespaces = r.objects().stream().filter(o -> !o.getKind().equals("AlertmanagerConfig")
                        && !o.getMetadata().getName().endsWith("-alloy"))
                .map(o -> o.getMetadata().getNamespace()).collect(Collectors.toSet());
        for (String ns : namespaces) {
            assertThat(r.all(NetworkPolicy.class)).as("a default-deny NetworkPolicy in namespace %s", ns).anySatisfy(np -> {
                assertThat(np.getMetadata().getNamespace()).isEqualTo(ns);
                assertThat(np.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
                assertThat(np.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
                assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
                assertThat(np.getSpec().getIngress()).isNullOrEmpty();
                assertThat(np.getSpec().getEgress()).isNullOrEmpty();
            });
        }
        // no policy opens ingress to everything
        for (NetworkPolicy np : r.all(NetworkPolicy.class)) {
            if (np.getSpec().getIngress() != null) {
                assertThat(np.getSpec().getIngress()).as("ingress rules of %s", id(np))
                        .allSatisfy(rule -> assertThat(rule.getFrom()).as("peers of %s", id(np)).isNotEmpty());
            }
        }
    }

    /** Which components' pods a NetworkPolicy lets in on a port of the pods of target. */
    static Set<String> allowedIn(Rendered r, String target, int port) {
        Set<String> peers = new java.util.TreeSet<>();
        for (NetworkPolicy np : r.all(NetworkPolicy.class)) {
            Map<String, String> sel = np.getSpec().getPodSelector().getMatchLabels();
            if (sel == null || !target.equals(sel.get("app.kubernetes.io/name")) || np.getSpec().getIngress() == null) {
                continue;
            }
            np.getSpec().getIngress().stream()
                    .filter(rule -> rule.getPorts() != null && rule.getPorts().stream()
                            .anyMatch(p -> p.getPort() != null && Objects.equals(p.getPort().getIntVal(), port)))
                    .flatMap(rule -> rule.getFrom().stream())
                    .forEach(peer -> peers.add(peer.getPodSelector() == null ? "<namespace " + peer.getNamespaceSelector() + ">"
                            : Objects.requireNonNullElse(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"),
                                    String.valueOf(peer.getPodSelector().getMatchLabels()))));
        }
        return peers;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void onlyTheRightServicesReachTheDatabasePorts(Rendered r) {
        assertThat(allowedIn(r, "proxysql", 6033)).containsExactly("booking-api");
        assertThat(allowedIn(r, "proxysql", 6034)).containsExactlyInAnyOrder("alert-router", "status-projector");
        // the admin port: of the Plumbline services only status-projector; Orchestrator's failover hook fences there
        assertThat(allowedIn(r, "proxysql", 6032)).containsExactlyInAnyOrder("status-projector", "orchestrator");
        Set<String> mysql = allowedIn(r, "mysql", 3306);
        assertThat(mysql).doesNotContain("alert-router")
                .contains("backup-worker", "booking-api", "proxysql", "orchestrator", "mysql", "db-accounts")
                .isSubsetOf("backup-worker", "booking-api", "status-projector", "proxysql", "orchestrator", "mysql", "db-accounts",
                        "restore");
        assertThat(allowedIn(r, "status-projector", 8082)).allMatch(p -> p.startsWith("<namespace"));
    }

    /** Whether a label selector (matchLabels only, as the chart writes them) selects a pod with these labels. */
    static boolean selects(io.fabric8.kubernetes.api.model.LabelSelector selector, Map<String, String> labels) {
        Map<String, String> wanted = selector == null || selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return labels.entrySet().containsAll(wanted.entrySet());
    }

    /**
     * The components whose pods may open a TCP connection to one pod on a port: allowed out by the source's policies
     * AND in by the target's (both sides are default-deny). Peers are matched on their pod labels; namespaces are
     * taken as matching (every peer names its namespace).
     */
    static Set<String> reachingPod(Rendered r, Map<String, String> target, int port, Map<String, Map<String, String>> sources) {
        Set<String> out = new java.util.TreeSet<>();
        sources.forEach((component, labels) -> {
            boolean in = r.all(NetworkPolicy.class).stream()
                    .filter(np -> selects(np.getSpec().getPodSelector(), target) && np.getSpec().getIngress() != null)
                    .flatMap(np -> np.getSpec().getIngress().stream())
                    .filter(rule -> rule.getPorts() != null && rule.getPorts().stream().anyMatch(p -> Objects.equals(p.getPort().getIntVal(), port)))
                    .flatMap(rule -> rule.getFrom().stream())
                    .anyMatch(peer -> peer.getPodSelector() != null && selects(peer.getPodSelector(), labels));
            boolean outAllowed = r.all(NetworkPolicy.class).stream()
                    .filter(np -> selects(np.getSpec().getPodSelector(), labels) && np.getSpec().getEgress() != null)
                    .flatMap(np -> np.getSpec().getEgress().stream())
                    .filter(rule -> rule.getPorts() != null && rule.getPorts().stream().anyMatch(p -> Objects.equals(p.getPort().getIntVal(), port)))
                    .flatMap(rule -> rule.getTo().stream())
                    .anyMatch(peer -> peer.getPodSelector() != null && selects(peer.getPodSelector(), target));
            if (in && outAllowed) {
                out.add(component);
            }
        });
        return out;
    }

    static Map<String, String> podLabels(Map<String, String> template, String podName) {
        Map<String, String> labels = new java.util.HashMap<>(template);
        labels.put("statefulset.kubernetes.io/pod-name", podName);
        return labels;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void eachServiceReachesOnlyTheMySqlServersItsSettingsName(Rendered r) {
        StatefulSet mysql = r.all(StatefulSet.class).stream().filter(s -> s.getMetadata().getName().endsWith("-mysql"))
                .findFirst().orElseThrow();
        Map<String, String> mysqlLabels = mysql.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, Map<String, String>> services = new java.util.TreeMap<>();
        for (String component : List.of("booking-api", "alert-router", "status-projector")) {
            services.put(component, r.deployment(component).getSpec().getTemplate().getMetadata().getLabels());
        }
        CronJob backup = r.all(CronJob.class).stream().filter(c -> c.getMetadata().getName().endsWith("-backup-worker"))
                .findFirst().orElseThrow();
        services.put("backup-worker", backup.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels());
        // the restore Job of ops/rebuild/run-restore.sh: the backup pod template relabelled as "restore"
        Map<String, String> restore = new java.util.HashMap<>(services.get("backup-worker"));
        restore.put("app.kubernetes.io/name", "restore");
        services.put("restore", restore);
        assertThat(Charts.text(Charts.MODULE.getParent().resolve("ops/rebuild/run-restore.sh")))
                .contains("{\"app.kubernetes.io/name\": \"restore\"}").contains("initContainers: [],");
        String cdcHost = configOf(r, "-booking-api").get("PLUMBLINE_CDC_HOST");
        String backupHost = configOf(r, "-backup-worker").get("PLUMBLINE_BACKUP_HOST");
        boolean probe = "true".equals(configOf(r, "-status-projector").get("PLUMBLINE_TOPOLOGY_PROBE_ENABLED"));
        assertThat(cdcHost).isNotEqualTo(backupHost);
        for (int i = 0; i < mysql.getSpec().getReplicas(); i++) {
            String pod = mysql.getMetadata().getName() + "-" + i;
            // the restore writes into the current primary, whichever server that is
            Set<String> expected = new java.util.TreeSet<>(Set.of("restore"));
            if (cdcHost.startsWith(pod + ".")) {
                expected.add("booking-api");
            }
            if (backupHost.startsWith(pod + ".")) {
                expected.add("backup-worker");
            }
            if (probe) {
                expected.add("status-projector");
            }
            assertThat(reachingPod(r, podLabels(mysqlLabels, pod), 3306, services)).as("services reaching %s:3306", pod)
                    .isEqualTo(expected);
        }
        // booking-api's SQL goes through ProxySQL's booking port, and only there
        Map<String, String> proxysql = r.all(StatefulSet.class).stream().filter(s -> s.getMetadata().getName().endsWith("-proxysql"))
                .findFirst().map(s -> s.getSpec().getTemplate().getMetadata().getLabels())
                .orElseGet(() -> r.all(Deployment.class).stream().filter(d -> d.getMetadata().getName().endsWith("-proxysql"))
                        .findFirst().orElseThrow().getSpec().getTemplate().getMetadata().getLabels());
        assertThat(reachingPod(r, proxysql, 6033, services)).containsExactly("booking-api");
    }

    @org.junit.jupiter.api.Test
    void theReachabilityCheckSeesAnOpenPolicy() {
        Rendered r = rendered().findFirst().orElseThrow();
        Map<String, String> target = Map.of("app.kubernetes.io/name", "mysql");
        Map<String, String> booking = Map.of("app.kubernetes.io/name", "booking-api");
        assertThat(reachingPod(r, podLabels(target, "x-1"), 3306, Map.of("booking-api", booking))).isEmpty();
        NetworkPolicy open = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                .withNewSpec().withNewPodSelector().withMatchLabels(target).endPodSelector()
                .addNewIngress().addNewFrom().withNewPodSelector().withMatchLabels(booking).endPodSelector().endFrom()
                .addNewPort().withPort(new io.fabric8.kubernetes.api.model.IntOrString(3306)).endPort().endIngress()
                .endSpec().build();
        NetworkPolicy out = new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                .withNewSpec().withNewPodSelector().withMatchLabels(booking).endPodSelector()
                .addNewEgress().addNewTo().withNewPodSelector().withMatchLabels(target).endPodSelector().endTo()
                .addNewPort().withPort(new io.fabric8.kubernetes.api.model.IntOrString(3306)).endPort().endEgress()
                .endSpec().build();
        List<HasMetadata> objects = new ArrayList<>(r.objects());
        objects.add(open);
        objects.add(out);
        Rendered widened = new Rendered(r.values(), r.docs(), objects);
        assertThat(reachingPod(widened, podLabels(target, "x-1"), 3306, Map.of("booking-api", booking))).containsExactly("booking-api");
    }

    static Map<String, String> configOf(Rendered r, String suffix) {
        return r.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().endsWith(suffix)).findFirst()
                .orElseThrow().getData();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void theAdminConsoleIsOnlyReachableThroughTlsAndAnAllowList(Rendered r) {
        List<HTTPRoute> routes = r.all(HTTPRoute.class);
        List<Ingress> ingresses = r.all(Ingress.class);
        assertThat(routes.size() + ingresses.size()).as("a way in to the console").isPositive();
        for (HTTPRoute route : routes) {
            String name = route.getMetadata().getName();
            Charts.Doc policy = r.docs().stream().filter(d -> d.kind().equals("SecurityPolicy"))
                    .filter(d -> d.tree().path("spec").path("targetRefs").findValuesAsText("name").contains(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no SecurityPolicy (allow-list) targets " + name));
            var auth = policy.tree().path("spec").path("authorization");
            assertThat(auth.path("defaultAction").asText()).isEqualTo("Deny");
            List<String> cidrs = auth.findValuesAsText("clientCIDRs").isEmpty() ? new ArrayList<>() : new ArrayList<>();
            auth.path("rules").forEach(rule -> rule.path("principal").path("clientCIDRs").forEach(c -> cidrs.add(c.asText())));
            assertThat(cidrs).as("allow-list of %s", name).isNotEmpty().doesNotContain("0.0.0.0/0", "::/0");
            for (Gateway gw : r.all(Gateway.class)) {
                assertThat(gw.getSpec().getListeners()).allSatisfy(l -> {
                    assertThat(l.getProtocol()).isEqualTo("HTTPS");
                    assertThat(l.getTls().getCertificateRefs()).isNotEmpty();
                });
            }
        }
        for (Ingress ing : ingresses) {
            Map<String, String> annotations = ing.getMetadata().getAnnotations();
            assertThat(annotations.get("nginx.ingress.kubernetes.io/whitelist-source-range")).as("allow-list of %s", id(ing))
                    .isNotBlank().doesNotContain("0.0.0.0/0");
            assertThat(ing.getSpec().getTls()).as("TLS of %s", id(ing)).isNotEmpty();
        }
        // the console enforces the same list itself
        ConfigMap config = r.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().endsWith("-status-projector"))
                .findFirst().orElseThrow();
        assertThat(config.getData()).containsKey("PLUMBLINE_CONSOLE_ALLOWLIST_CIDRS_0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void noSecretValueIsRendered(Rendered r) {
        List<Secret> again = Charts.split(Charts.templateRaw(r.values())).stream().filter(d -> d.kind().equals("Secret"))
                .map(d -> StrictModels.parse(d.tree(), Secret.class)).toList();
        for (Secret s : r.all(Secret.class)) {
            assertThat(s.getStringData()).as("stringData of %s", id(s)).isNullOrEmpty();
            Map<String, String> annotations = Objects.requireNonNullElse(s.getMetadata().getAnnotations(), Map.of());
            if ("random".equals(annotations.get("plumbline.io/generated"))) {
                // a value the chart generates (the backup pod's scratch database): random, so never one from the repo
                assertThat(s.getData()).as("data of %s", id(s)).containsOnlyKeys("password");
                String password = new String(java.util.Base64.getDecoder().decode(s.getData().get("password")));
                assertThat(password).as("generated password of %s", id(s)).matches("[A-Za-z0-9]{32}");
                Secret other = again.stream().filter(o -> o.getMetadata().getName().equals(s.getMetadata().getName()))
                        .findFirst().orElseThrow();
                assertThat(other.getData().get("password")).as("%s rendered twice", id(s)).isNotEqualTo(s.getData().get("password"));
                continue;
            }
            assertThat(s.getData()).as("data of %s", id(s)).isNullOrEmpty();
        }
        for (HasMetadata w : r.objects()) {
            StrictModels.podSpec(w).ifPresent(pod -> {
                List<Container> all = new ArrayList<>(pod.getContainers());
                if (pod.getInitContainers() != null) {
                    all.addAll(pod.getInitContainers());
                }
                for (Container c : all) {
                    for (EnvVar env : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                        if (SECRET_NAME.matcher(env.getName()).matches()) {
                            assertThat(env.getValue()).as("%s in %s/%s must come from a Secret", env.getName(), id(w), c.getName())
                                    .isNull();
                            assertThat(env.getValueFrom().getSecretKeyRef()).isNotNull();
                        }
                    }
                }
            });
        }
        for (ConfigMap cm : r.all(ConfigMap.class)) {
            cm.getData().forEach((key, value) -> {
                assertThat(SECRET_NAME.matcher(key).matches() && !key.endsWith(".sh"))
                        .as("ConfigMap %s key %s looks like a secret", id(cm), key).isFalse();
                assertThat(literalSecrets(value)).as("literal secrets in ConfigMap %s/%s", id(cm), key).isEmpty();
            });
        }
    }

    /** Settings naming a password/credential whose value is a literal rather than a placeholder, path or switch. */
    static List<String> literalSecrets(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("(?im)^\\s*\"?([a-z_]*(password|credentials)[a-z_]*)\"?\\s*[=:]\\s*\"?([^\"\\n,]*)")
                .matcher(text);
        while (m.find()) {
            String v = m.group(3).trim();
            // user:password pairs (ProxySQL's admin_credentials): the password part counts
            v = v.matches("[a-z_]+:.*") ? v.substring(v.indexOf(':') + 1) : v;
            // allowed: nothing, a ${placeholder} / $VARIABLE, a file path, a format, or a switch (ON/OFF)
            if (!(v.isEmpty() || v.startsWith("$") || v.startsWith("/") || v.startsWith("%s")
                    || v.matches("(?i)on|off|true|false"))) {
                found.add(m.group(1) + " = " + v);
            }
        }
        return found;
    }

    @org.junit.jupiter.api.Test
    void theDetectorsThemselvesCatchWhatTheyAreFor() {
        assertThat(literalSecrets("    monitor_password=\"hunter2\"")).containsExactly("monitor_password = hunter2");
        assertThat(literalSecrets("admin_credentials=\"radmin:s3cret\"")).hasSize(1);
        assertThat(literalSecrets("password: hunter2\n")).hasSize(1);
        assertThat(literalSecrets("monitor_password=\"${PROXYSQL_MONITOR_PASSWORD}\"\ncredentials_file: /etc/x\n"
                + "mysql_native_password = ON\nadmin_credentials=\"radmin:${PW}\"")).isEmpty();
        Matcher m = USER_SETTING.matcher("echo \"CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY 'x';\"\nmysql -u root");
        List<String> users = new ArrayList<>();
        while (m.find()) {
            users.add(m.group(1));
        }
        assertThat(users).containsExactly("root", "root");
        assertThat(SECRET_NAME.matcher("PLUMBLINE_SLACK_BOTTOKEN").matches()).isTrue();
        assertThat(SECRET_NAME.matcher("SPRING_DATASOURCE_USERNAME").matches()).isFalse();
    }

    static final Pattern USER_SETTING = Pattern.compile(
            "(?im)(?:user(?:name)?\\s*[=:]\\s*\"?|CREATE USER (?:IF NOT EXISTS )?'|TO '|-u\\s+|--user=|admin_credentials=\")([A-Za-z0-9_.-]+)");

    @ParameterizedTest(name = "{0}")
    @MethodSource("rendered")
    void noDatabaseUserIsNamedRoot(Rendered r) {
        List<String> users = new ArrayList<>();
        for (HasMetadata o : r.objects()) {
            if (o instanceof ConfigMap cm) {
                cm.getData().forEach((key, value) -> {
                    if (key.matches("(?i).*(user|username)$")) {
                        users.add(value);
                    }
                    Matcher m = USER_SETTING.matcher(value);
                    while (m.find()) {
                        users.add(m.group(1));
                    }
                });
            }
            StrictModels.podSpec(o).ifPresent(pod -> Stream.concat(pod.getContainers().stream(),
                            pod.getInitContainers() == null ? Stream.empty() : pod.getInitContainers().stream())
                    .flatMap(c -> Stream.concat(c.getEnv() == null ? Stream.empty() : c.getEnv().stream(),
                            Stream.empty()))
                    .filter(e -> e.getName().matches("(?i).*user(name)?$") && e.getValue() != null)
                    .forEach(e -> users.add(e.getValue())));
            StrictModels.podSpec(o).ifPresent(pod -> pod.getContainers().forEach(c -> {
                if (c.getArgs() != null) {
                    c.getArgs().stream().filter(a -> a.contains("username=")).forEach(a -> users.add(a.substring(a.indexOf('=') + 1)));
                }
            }));
        }
        assertThat(users).as("database users named anywhere in %s", r).hasSizeGreaterThan(10)
                .noneMatch(u -> u.equalsIgnoreCase("root"));
        assertThat(users).contains("booking_app", "backup", "probe", "proxysql_monitor", "orchestrator", "plumbline_admin");
    }
}
