package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod the chart renders meets Pod Security Standards' {@code restricted} level (the checks of Kubernetes'
 * pod-security admission, baseline's included), and the namespaces are labelled to enforce it.
 */
class PodSecurityTest {

    /** restricted: only these volume types. */
    static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

    static Stream<Path> values() {
        return Charts.validCiValues().stream();
    }

    /** The violations of `restricted` by one pod spec (empty: admitted). */
    static List<String> violations(JsonNode pod) {
        List<String> v = new ArrayList<>();
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (pod.path(host).asBoolean(false)) {
                v.add(host);
            }
        }
        pod.path("volumes").forEach(vol -> vol.fieldNames().forEachRemaining(f -> {
            if (!f.equals("name") && !VOLUME_TYPES.contains(f)) {
                v.add("volume " + vol.path("name").asText() + " of type " + f);
            }
        }));
        JsonNode psc = pod.path("securityContext");
        psc.path("sysctls").forEach(s -> {
            if (!SAFE_SYSCTLS.contains(s.path("name").asText())) {
                v.add("sysctl " + s.path("name").asText());
            }
        });
        checkSeLinuxAndAppArmor(psc, "pod", v);
        if (psc.path("runAsUser").asLong(-1) == 0) {
            v.add("pod runAsUser 0");
        }
        String podSeccomp = psc.path("seccompProfile").path("type").asText("");
        if (podSeccomp.equals("Unconfined")) {
            v.add("pod seccomp Unconfined");
        }
        boolean podNonRoot = psc.path("runAsNonRoot").asBoolean(false);
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        pod.path("ephemeralContainers").forEach(containers::add);
        for (JsonNode c : containers) {
            String name = "container " + c.path("name").asText();
            JsonNode sc = c.path("securityContext");
            if (sc.path("privileged").asBoolean(false)) {
                v.add(name + " privileged");
            }
            c.path("ports").forEach(p -> {
                if (p.path("hostPort").asInt(0) != 0) {
                    v.add(name + " hostPort");
                }
            });
            if (!sc.path("procMount").asText("Default").equals("Default")) {
                v.add(name + " procMount");
            }
            checkSeLinuxAndAppArmor(sc, name, v);
            if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                v.add(name + " allowPrivilegeEscalation not false");
            }
            JsonNode nonRoot = sc.path("runAsNonRoot");
            if (nonRoot.isBoolean() ? !nonRoot.asBoolean() : !podNonRoot) {
                v.add(name + " runAsNonRoot not true");
            }
            if (sc.path("runAsUser").asLong(-1) == 0) {
                v.add(name + " runAsUser 0");
            }
            String seccomp = sc.path("seccompProfile").path("type").asText(podSeccomp);
            if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
                v.add(name + " seccomp " + (seccomp.isEmpty() ? "unset" : seccomp));
            }
            List<String> drop = new ArrayList<>();
            sc.path("capabilities").path("drop").forEach(d -> drop.add(d.asText()));
            if (!drop.contains("ALL")) {
                v.add(name + " does not drop ALL capabilities");
            }
            sc.path("capabilities").path("add").forEach(a -> {
                if (!a.asText().equals("NET_BIND_SERVICE")) {
                    v.add(name + " adds " + a.asText());
                }
            });
        }
        return v;
    }

    private static void checkSeLinuxAndAppArmor(JsonNode sc, String what, List<String> v) {
        String type = sc.path("seLinuxOptions").path("type").asText("");
        if (!Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t").contains(type)) {
            v.add(what + " SELinux type " + type);
        }
        if (sc.path("seLinuxOptions").has("user") || sc.path("seLinuxOptions").has("role")) {
            v.add(what + " SELinux user/role");
        }
        if (sc.path("appArmorProfile").path("type").asText("").equals("Unconfined")) {
            v.add(what + " AppArmor Unconfined");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void everyPodMeetsTheRestrictedLevel(Path values) {
        List<String> refused = new ArrayList<>();
        int pods = 0;
        for (Charts.Doc d : Charts.render(values)) {
            JsonNode pod = InstallOrderTest.podSpec(d.tree());
            if (pod != null) {
                pods++;
                violations(pod).forEach(v -> refused.add(d.id() + ": " + v));
            }
        }
        assertThat(pods).isGreaterThanOrEqualTo(7);
        assertThat(refused).as("what Pod Security admission (restricted) refuses").isEmpty();
    }

    @Test
    void theCheckRefusesWhatRestrictedRefuses() throws Exception {
        JsonNode pod = Charts.YAML.readTree("""
                hostNetwork: true
                securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                volumes: [{name: backups, nfs: {server: x, path: /y}}, {name: tmp, emptyDir: {}}]
                containers:
                  - name: c
                    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_ADMIN]}}
                """);
        assertThat(violations(pod)).containsExactlyInAnyOrder("hostNetwork", "volume backups of type nfs",
                "container c adds NET_ADMIN");
    }

    @Test
    void theChartsNamespacesEnforceRestricted() {
        String script = Charts.text(Charts.MODULE.getParent().resolve("ops/cluster/namespaces.sh"));
        assertThat(script).contains("label \"${ns}\" restricted")
                .contains("pod-security.kubernetes.io/enforce=$2")
                .contains("PSS_VERSION:-v1." + KubernetesVersionTest.minimum() + "}");
        // the workflows create the namespaces through it, not with a bare kubectl create namespace
        for (String workflow : List.of(".github/workflows/rebuild.yml", "ops/rebuild/install-operators.sh")) {
            assertThat(Charts.text(Charts.MODULE.getParent().resolve(workflow))).as(workflow)
                    .doesNotContain("kubectl create namespace");
        }
        assertThat(Charts.text(Charts.MODULE.getParent().resolve(".github/workflows/rebuild.yml")))
                .contains("ops/cluster/namespaces.sh");
    }
}
