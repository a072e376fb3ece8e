package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Probes that can tell: they reach what the container listens on, and readiness asks a question that can fail. */
class ProbesTest {

    static final Pattern BIND = Pattern.compile("--bind-address=(\\S+)");

    static Stream<Path> values() {
        return Charts.validCiValues().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void aContainerBoundToLoopbackIsProbedFromInsideIt(Path values) {
        List<String> blind = new ArrayList<>();
        for (Charts.Doc d : Charts.render(values)) {
            JsonNode pod = InstallOrderTest.podSpec(d.tree());
            if (pod == null) {
                continue;
            }
            for (JsonNode c : InstallOrderTest.containers(pod)) {
                Matcher bind = BIND.matcher(c.path("args").toString() + c.path("command").toString());
                if (!bind.find() || !bind.group(1).replace("\"", "").startsWith("127.")) {
                    continue;
                }
                // the kubelet dials the pod IP for tcpSocket/httpGet/grpc: a loopback-only listener never answers
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    JsonNode p = c.path(probe);
                    if (!p.isMissingNode() && !p.has("exec")) {
                        blind.add(d.id() + " container " + c.path("name").asText() + " " + probe + " " + p);
                    }
                }
            }
        }
        assertThat(blind).as("probes of loopback-only listeners over the pod network").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void orchestratorIsReadyOnlyAsAHealthyRaftMember(Path values) {
        JsonNode sts = Charts.one(Charts.render(values), "StatefulSet", "-orchestrator").tree();
        JsonNode c = sts.path("spec").path("template").path("spec").path("containers").get(0);
        // /api/lb-check answers 200 whenever the HTTP server runs, whatever the raft group's state
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/api/raft-health");
    }
}
