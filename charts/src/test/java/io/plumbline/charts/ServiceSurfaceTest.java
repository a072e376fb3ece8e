package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a running service holds and shows: only its DML credential (the migrator's password only in its {@code migrate}
 * init container), actuator only on its own management port (never behind a Service, a route or an ingress), and the
 * edge bounding slow clients like the services do.
 */
class ServiceSurfaceTest {

    static final Map<String, Integer> MANAGEMENT = Map.of("booking-api", 9080, "alert-router", 9081,
            "status-projector", 9082);

    static Stream<Path> values() {
        return Charts.validCiValues().stream();
    }

    static JsonNode deployment(List<Charts.Doc> docs, String component) {
        return Charts.one(docs, "Deployment", "-" + component).tree();
    }

    static List<String> secretKeys(JsonNode container) {
        List<String> keys = new ArrayList<>();
        container.path("env").forEach(e -> {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                keys.add(ref.path("key").asText());
            }
        });
        return keys;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void aServiceHoldsOnlyItsDmlCredentialAndMigratesInAStepOfItsOwn(Path values) {
        List<Charts.Doc> docs = Charts.render(values);
        for (String component : MANAGEMENT.keySet()) {
            JsonNode pod = deployment(docs, component).path("spec").path("template").path("spec");
            JsonNode service = pod.path("containers").get(0);
            Map<String, String> env = InstallOrderTest.env(service, Charts.NAMESPACE, docs);
            assertThat(secretKeys(service)).as("%s's service container", component).doesNotContain("migrator-password");
            assertThat(env).as("%s's service container", component).doesNotContainKeys("SPRING_FLYWAY_USER",
                    "SPRING_FLYWAY_URL").containsEntry("SPRING_FLYWAY_ENABLED", "false");
            assertThat(pod.path("initContainers")).as("%s's migrate init container", component).anySatisfy(init -> {
                assertThat(init.path("image").asText()).isEqualTo(service.path("image").asText());
                assertThat(init.path("args").toString()).isEqualTo("[\"migrate\"]");
                assertThat(secretKeys(init)).containsExactly("migrator-password");
                Map<String, String> initEnv = InstallOrderTest.env(init, Charts.NAMESPACE, docs);
                assertThat(initEnv).containsEntry("SPRING_FLYWAY_USER", "migrator").containsKey("SPRING_FLYWAY_URL");
                assertThat(init.path("envFrom").isMissingNode()).as("the migrate step gets nothing else").isTrue();
            });
        }
        // no Plumbline service or job container gets the migrator's password (the data layer's own do: ProxySQL's
        // user table, the servers' init)
        for (Charts.Doc d : docs) {
            JsonNode pod = InstallOrderTest.podSpec(d.tree());
            String name = d.tree().path("metadata").path("labels").path("app.kubernetes.io/name").asText();
            if (pod == null || !(MANAGEMENT.containsKey(name) || name.equals("backup-worker"))) {
                continue;
            }
            pod.path("containers").forEach(c -> assertThat(secretKeys(c)).as("%s container %s", d.id(),
                    c.path("name").asText()).doesNotContain("migrator-password"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void actuatorIsOnTheManagementPortWhichNoServiceRouteOrIngressExposes(Path values) {
        List<Charts.Doc> docs = Charts.render(values);
        MANAGEMENT.forEach((component, port) -> {
            JsonNode container = deployment(docs, component).path("spec").path("template").path("spec")
                    .path("containers").get(0);
            assertThat(container.path("ports")).as("%s's ports", component).anySatisfy(p -> {
                assertThat(p.path("name").asText()).isEqualTo("management");
                assertThat(p.path("containerPort").asInt()).isEqualTo(port);
            });
            assertThat(InstallOrderTest.env(container, Charts.NAMESPACE, docs))
                    .containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(port));
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(container.path(probe).path("httpGet").path("port").asText()).as("%s %s", component, probe)
                        .isEqualTo("management");
            }
        });
        for (Charts.Doc d : Charts.ofKind(docs, "Service")) {
            d.tree().path("spec").path("ports").forEach(p -> {
                assertThat(p.path("targetPort").asText()).as("%s", d.id()).isNotEqualTo("management");
                assertThat(MANAGEMENT.values()).as("%s", d.id()).doesNotContain(p.path("port").asInt(),
                        p.path("targetPort").asInt());
            });
        }
        for (Charts.Doc d : docs) {
            if (d.kind().equals("HTTPRoute") || d.kind().equals("Ingress")) {
                String backends = d.tree().path("spec").toString();
                MANAGEMENT.values().forEach(port -> assertThat(backends).as("%s", d.id()).doesNotContain(":" + port));
            }
        }
        // only Prometheus may open the management ports
        for (Charts.Doc d : Charts.ofKind(docs, "NetworkPolicy")) {
            d.tree().path("spec").path("ingress").forEach(rule -> rule.path("ports").forEach(p -> {
                if (MANAGEMENT.containsValue(p.path("port").asInt())) {
                    assertThat(rule.path("from").toString()).as("%s opens a management port", d.id())
                            .contains("\"app.kubernetes.io/name\":\"prometheus\"");
                }
            }));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void theEdgeBoundsSlowClientsAndBodies(Path values) {
        List<Charts.Doc> docs = Charts.render(values);
        docs.stream().filter(d -> d.kind().equals("Gateway")).forEach(gateway -> {
            JsonNode policy = docs.stream().filter(d -> d.kind().equals("ClientTrafficPolicy")
                    && d.tree().path("spec").path("targetRefs").toString().contains("\"" + gateway.name() + "\""))
                    .findFirst().orElseThrow(() -> new AssertionError("no ClientTrafficPolicy for " + gateway.id())).tree();
            String received = policy.path("spec").path("timeout").path("http").path("requestReceivedTimeout").asText();
            assertThat(seconds(received)).as("requestReceivedTimeout").isBetween(10, 20);
            assertThat(policy.path("spec").path("connection").path("bufferLimit").asText()).matches("(16|32|64)Ki");
            assertThat(policy.path("spec").path("connection").path("connectionLimit").path("value").asInt()).isPositive();
        });
        Charts.ofKind(docs, "Ingress").forEach(ingress -> assertThat(ingress.tree().path("metadata").path("annotations")
                .path("nginx.ingress.kubernetes.io/proxy-body-size").asText()).matches("(16|32|64)k"));
    }

    static int seconds(String duration) {
        assertThat(duration).matches("[0-9]+s");
        return Integer.parseInt(duration.substring(0, duration.length() - 1));
    }
}
