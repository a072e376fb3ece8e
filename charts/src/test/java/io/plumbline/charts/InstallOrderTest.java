package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first install on an empty cluster, in Helm's order: `helm upgrade --install --wait --wait-for-jobs` creates the
 * pre-install hooks, then every other resource, then WAITS until every Deployment/StatefulSet/DaemonSet is Ready and
 * every Job complete, and only then runs the post-install hooks. A workload whose readiness needs something only a
 * post-install hook makes never becomes Ready: the install times out and --atomic uninstalls it, every time.
 *
 * <p>helm-java's template drops hooks, so the chart is rendered from a copy whose {@code helm.sh/hook} annotations
 * are renamed: every hook becomes visible, marked with the phase Helm would run it in. What a workload needs to be
 * Ready is read from its pod: the database accounts it logs in as (a literal user in its env, its ConfigMap env,
 * or a {@code --...username=} argument, that some rendered SQL creates), and, for a service that does not migrate
 * itself ({@code SPRING_FLYWAY_ENABLED=false}), the {@code migrate} step that creates its tables.
 */
class InstallOrderTest {

    static final String HOOK = "plumbline.test/hook";
    static final Pattern CREATE_USER = Pattern.compile("CREATE USER IF NOT EXISTS '([A-Za-z0-9_]+)'");
    static final Pattern USER_ENV = Pattern.compile("(^|_)USER(NAME)?$");
    static final Pattern USER_ARG = Pattern.compile("--(?:[a-z]+\\.)?(?:user|username)=([A-Za-z0-9_]+)");
    static final Set<String> WAITED = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");

    enum Phase { PRE_INSTALL, INSTALL, POST_INSTALL }

    static Stream<Path> values() {
        return Charts.validCiValues().stream();
    }

    /** The chart with its hooks' annotation renamed, so that a renderer which drops hooks shows them. */
    static Path chartWithVisibleHooks() {
        Path copy = Charts.MODULE.resolve("target/hooks-visible/plumbline");
        try (Stream<Path> files = Files.walk(Charts.CHART)) {
            if (Files.exists(copy)) {
                try (Stream<Path> old = Files.walk(copy)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            for (Path f : files.toList()) {
                Path to = copy.resolve(Charts.CHART.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (f.startsWith(Charts.CHART.resolve("templates"))) {
                    Files.writeString(to, Files.readString(f).replace("helm.sh/hook\"", HOOK + "\"")
                            .replace("helm.sh/hook:", HOOK + ":"));
                } else {
                    Files.copy(f, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    static Phase phase(JsonNode doc) {
        String hook = doc.path("metadata").path("annotations").path(HOOK).asText("");
        if (hook.isEmpty()) {
            return Phase.INSTALL;
        }
        return hook.contains("pre-install") ? Phase.PRE_INSTALL : Phase.POST_INSTALL;
    }

    static JsonNode podSpec(JsonNode doc) {
        return switch (doc.path("kind").asText()) {
            case "Deployment", "StatefulSet", "DaemonSet", "Job" -> doc.path("spec").path("template").path("spec");
            case "CronJob" -> doc.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
            default -> null;
        };
    }

    static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> all = new ArrayList<>();
        pod.path("initContainers").forEach(all::add);
        pod.path("containers").forEach(all::add);
        return all;
    }

    static String id(Charts.Doc d) {
        return d.kind() + " " + d.namespace() + "/" + d.name();
    }

    /** Every env var of a container, its ConfigMap env included (literal values only). */
    static Map<String, String> env(JsonNode container, String namespace, List<Charts.Doc> docs) {
        Map<String, String> env = new HashMap<>();
        container.path("envFrom").forEach(from -> {
            String cm = from.path("configMapRef").path("name").asText("");
            docs.stream().filter(d -> d.kind().equals("ConfigMap") && d.name().equals(cm) && d.namespace().equals(namespace))
                    .forEach(d -> d.tree().path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
        });
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void nothingTheInstallWaitsForDependsOnAHook(Path values) {
        List<Charts.Doc> docs = Charts.split(Charts.templateRaw(chartWithVisibleHooks(), values));
        // who creates which account: the ConfigMaps whose SQL creates it, and the workloads that mount them
        Map<String, Set<String>> accountInConfigMap = new HashMap<>();
        for (Charts.Doc d : docs) {
            if (d.kind().equals("ConfigMap")) {
                Matcher m = CREATE_USER.matcher(d.yaml());
                while (m.find()) {
                    accountInConfigMap.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(d.namespace() + "/" + d.name());
                }
            }
        }
        assertThat(accountInConfigMap).as("the rendered SQL creates the services' accounts").containsKeys("booking_app",
                "status_app", "alerting_app", "migrator");
        Map<String, Phase> earliest = new HashMap<>();
        Map<String, List<String>> providers = new HashMap<>();
        Map<Charts.Doc, Phase> migrateSteps = new HashMap<>();
        for (Charts.Doc d : docs) {
            JsonNode pod = podSpec(d.tree());
            if (pod == null) {
                continue;
            }
            Phase p = d.kind().equals("CronJob") ? Phase.POST_INSTALL : phase(d.tree());
            Set<String> mounted = new LinkedHashSet<>();
            pod.path("volumes").forEach(v -> {
                if (v.has("configMap")) {
                    mounted.add(d.namespace() + "/" + v.path("configMap").path("name").asText());
                }
            });
            accountInConfigMap.forEach((account, cms) -> {
                if (cms.stream().anyMatch(mounted::contains)) {
                    providers.computeIfAbsent(account, k -> new ArrayList<>()).add(id(d) + " (" + p + ")");
                    earliest.merge(account, p, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            });
            for (JsonNode c : containers(pod)) {
                if (c.path("args").toString().equals("[\"migrate\"]")) {
                    migrateSteps.put(d, p);
                }
            }
        }

        List<String> deadlocks = new ArrayList<>();
        for (Charts.Doc d : docs) {
            if (!WAITED.contains(d.kind()) || phase(d.tree()) != Phase.INSTALL) {
                continue;
            }
            JsonNode pod = podSpec(d.tree());
            Set<String> needs = new LinkedHashSet<>();
            boolean selfMigrating = true;
            for (JsonNode c : containers(pod)) {
                Map<String, String> env = env(c, d.namespace(), docs);
                env.forEach((k, v) -> {
                    if (USER_ENV.matcher(k).find() && accountInConfigMap.containsKey(v)) {
                        needs.add(v);
                    }
                });
                Matcher arg = USER_ARG.matcher(c.path("args").toString() + c.path("command").toString());
                while (arg.find()) {
                    if (accountInConfigMap.containsKey(arg.group(1))) {
                        needs.add(arg.group(1));
                    }
                }
                if ("false".equals(env.get("SPRING_FLYWAY_ENABLED"))) {
                    selfMigrating = false;
                }
            }
            for (String account : needs) {
                Phase p = earliest.get(account);
                if (p == null || p == Phase.POST_INSTALL) {
                    deadlocks.add(id(d) + " logs in as " + account + ", which only " + providers.get(account)
                            + " creates: Helm runs post-install hooks after --wait, which waits for " + id(d));
                }
            }
            if (!selfMigrating) {
                boolean ownInit = false;
                for (JsonNode c : pod.path("initContainers")) {
                    ownInit |= c.path("args").toString().equals("[\"migrate\"]");
                }
                boolean before = migrateSteps.entrySet().stream()
                        .anyMatch(e -> e.getKey().kind().equals("Job") && e.getValue() != Phase.POST_INSTALL);
                if (!ownInit && !before) {
                    deadlocks.add(id(d) + " does not migrate its schema itself and no migrate step runs before --wait");
                }
            }
        }
        assertThat(deadlocks).as("readiness that waits for a post-install hook (first install deadlocks)").isEmpty();
    }
}
