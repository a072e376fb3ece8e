package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy.yml's credential is namespace-scoped and enough: ops/rbac (the deployer's Roles, applied with cluster rights
 * once) grants, in each namespace the release writes to, every kind the chart renders there; the chart renders nothing
 * cluster-scoped (operators, CRDs, namespaces, PersistentVolumes are the rebuild's, with the cluster credential).
 */
class DeployRbacTest {

    static final Path RBAC = Charts.MODULE.getParent().resolve("ops/rbac");
    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "PersistentVolume", "ClusterRole",
            "ClusterRoleBinding", "CustomResourceDefinition", "StorageClass", "GatewayClass", "PriorityClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");
    static final Set<String> PLATFORM_NAMESPACES = Set.of("monitoring");

    static Stream<Path> values() {
        return Charts.validCiValues().stream();
    }

    static String plural(String kind) {
        String k = kind.toLowerCase();
        if (k.endsWith("y") && !"aeiou".contains(k.substring(k.length() - 2, k.length() - 1))) {
            return k.substring(0, k.length() - 1) + "ies";
        }
        return k.endsWith("s") ? k + "es" : k + "s";
    }

    static String group(String apiVersion) {
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    static boolean grants(JsonNode role, String group, String resource, List<String> verbs) {
        for (JsonNode rule : role.path("rules")) {
            List<String> groups = new ArrayList<>();
            rule.path("apiGroups").forEach(g -> groups.add(g.asText()));
            List<String> resources = new ArrayList<>();
            rule.path("resources").forEach(r -> resources.add(r.asText()));
            List<String> ruleVerbs = new ArrayList<>();
            rule.path("verbs").forEach(v -> ruleVerbs.add(v.asText()));
            if (groups.contains(group) && resources.contains(resource) && ruleVerbs.containsAll(verbs)) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void theNamespacedDeployerMayWriteEverythingTheReleaseRenders(Path values) {
        List<Charts.Doc> docs = Charts.render(values);
        Set<String> release = new LinkedHashSet<>();
        release.add(Charts.NAMESPACE);
        Set<String> platform = new LinkedHashSet<>();
        for (Charts.Doc d : docs) {
            assertThat(CLUSTER_SCOPED).as("%s is cluster-scoped: not the release's to create", d.id()).doesNotContain(d.kind());
            assertThat(d.namespace()).as("%s names its namespace", d.id()).isNotEmpty();
            (PLATFORM_NAMESPACES.contains(d.namespace()) ? platform : release).add(d.namespace());
        }
        var cmd = new Helm(RBAC).template().withName("plumbline-deployer").withNamespace(Charts.NAMESPACE)
                .withKubeVersion(Charts.KUBE_VERSION);
        int i = 0;
        for (String ns : release) {
            cmd = cmd.set("releaseNamespaces[" + i++ + "]", ns);
        }
        i = 0;
        for (String ns : platform) {
            cmd = cmd.set("platformNamespaces[" + i++ + "]", ns);
        }
        List<Charts.Doc> rbac = Charts.split(cmd.call());
        assertThat(rbac).noneMatch(d -> d.kind().startsWith("Cluster"));
        List<String> missing = new ArrayList<>();
        for (Charts.Doc d : docs) {
            JsonNode role = rbac.stream().filter(r -> r.kind().equals("Role") && r.namespace().equals(d.namespace()))
                    .map(Charts.Doc::tree).findFirst().orElse(null);
            String resource = group(d.apiVersion()) + "/" + plural(d.kind());
            if (role == null || !grants(role, group(d.apiVersion()), plural(d.kind()),
                    List.of("get", "list", "create", "update", "patch", "delete"))) {
                missing.add(d.namespace() + ": " + resource + " (" + d.id() + ")");
            }
        }
        assertThat(missing).as("what the deployer's Roles do not allow").isEmpty();
        // Helm keeps the release in Secrets of the release namespace; --wait reads pods and replica sets
        JsonNode home = rbac.stream().filter(r -> r.kind().equals("Role") && r.namespace().equals(Charts.NAMESPACE))
                .findFirst().orElseThrow().tree();
        assertThat(grants(home, "", "secrets", List.of("get", "list", "create", "update", "delete"))).isTrue();
        assertThat(grants(home, "", "pods", List.of("get", "list", "watch"))).isTrue();
        assertThat(grants(home, "apps", "replicasets", List.of("get", "list", "watch"))).isTrue();
        // nothing in a platform namespace beyond the release's own few kinds
        rbac.stream().filter(r -> r.kind().equals("Role") && platform.contains(r.namespace())).forEach(r ->
                assertThat(r.tree().path("rules").toString()).doesNotContain("secrets").doesNotContain("\"*\""));
    }
}
