package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chart.yaml's kubeVersion is the real minimum: no rendered manifest uses an API or a field that a cluster at that
 * version does not serve (on by default, i.e. beta or GA there). The table holds the fields of the core APIs the chart
 * uses or may be tempted to use, with the first minor version that serves them by default.
 */
class KubernetesVersionTest {

    /** Field name (as it appears in a manifest, at the given parent) → first Kubernetes minor serving it by default. */
    record Feature(String parent, String field, int minor, String what) {
    }

    static final List<Feature> FEATURES = List.of(
            new Feature("preStop", "sleep", 30, "lifecycle sleep action (PodLifecycleSleepAction, beta in 1.30)"),
            new Feature("postStart", "sleep", 30, "lifecycle sleep action (PodLifecycleSleepAction, beta in 1.30)"),
            new Feature("initContainers[]", "restartPolicy", 29, "native sidecar containers (SidecarContainers, beta in 1.29)"),
            new Feature("spec", "timeZone", 27, "CronJob time zones (GA in 1.27)"),
            new Feature("securityContext", "appArmorProfile", 30, "AppArmor fields (GA in 1.30)"),
            new Feature("spec", "trafficDistribution", 31, "Service traffic distribution (beta in 1.31)"),
            new Feature("spec", "successPolicy", 31, "Job success policy (beta in 1.31)"),
            new Feature("spec", "managedBy", 32, "Job managedBy (beta in 1.32)"),
            new Feature("volumeMounts[]", "recursiveReadOnly", 31, "recursive read-only mounts (beta in 1.31)"),
            new Feature("volumes[]", "image", 33, "image volumes (beta, off by default, in 1.33)"),
            new Feature("spec", "resources", 34, "pod-level resources (beta in 1.34)"),
            new Feature("spec", "hostnameOverride", 34, "pod hostname override (alpha in 1.34)"));

    /** API group/version → first minor serving it (the chart's kinds of built-in APIs). */
    static final Map<String, Integer> APIS = Map.of("v1", 0, "apps/v1", 9, "batch/v1", 21, "policy/v1", 21,
            "autoscaling/v2", 23, "networking.k8s.io/v1", 19);

    static int minimum() {
        Matcher m = Pattern.compile("(?m)^kubeVersion: \">=1\\.(\\d+)\\.0-0\"$").matcher(Charts.text(Charts.CHART.resolve("Chart.yaml")));
        assertThat(m.find()).as("Chart.yaml kubeVersion of the form \">=1.N.0-0\"").isTrue();
        return Integer.parseInt(m.group(1));
    }

    static Stream<Path> values() {
        return Charts.validCiValues().stream();
    }

    static void walk(JsonNode node, String parent, String path, List<String[]> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                out.add(new String[] {parent, e.getKey(), path + "." + e.getKey()});
                walk(e.getValue(), e.getKey(), path + "." + e.getKey(), out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), parent + "[]", path + "[" + i + "]", out);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void nothingRenderedIsNewerThanTheStatedMinimum(Path values) {
        int minimum = minimum();
        List<String> newer = new ArrayList<>();
        for (Charts.Doc d : Charts.render(values)) {
            Integer api = APIS.get(d.apiVersion());
            if (api != null && api > minimum) {
                newer.add(d.id() + ": " + d.apiVersion());
            }
            List<String[]> fields = new ArrayList<>();
            walk(d.tree(), "", "", fields);
            for (String[] f : fields) {
                for (Feature feature : FEATURES) {
                    if (feature.parent().equals(f[0]) && feature.field().equals(f[1]) && feature.minor() > minimum
                            && !(feature.field().equals("resources") && !d.kind().equals("Pod"))
                            && !(feature.field().equals("timeZone") && !d.kind().equals("CronJob"))) {
                        newer.add(d.id() + " " + f[2] + ": " + feature.what() + " needs 1." + feature.minor());
                    }
                }
            }
        }
        assertThat(newer).as("needs a newer Kubernetes than Chart.yaml's kubeVersion 1.%d", minimum).isEmpty();
    }

    @Test
    void theTestsRenderForTheStatedMinimum() {
        assertThat(Charts.KUBE_VERSION).isEqualTo("v1." + minimum() + ".0");
    }
}
