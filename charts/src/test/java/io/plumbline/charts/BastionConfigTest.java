package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.charts.WorkflowsTest.Repository;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The highly available entry points (R1, R5, W1): two bastions and three control-plane nodes holding VIPs with
 * keepalived, and the control plane's HAProxy. Each configuration is checked by the real daemons' own config
 * tests ({@code keepalived --config-test}, {@code haproxy -c}) after installing it the way a host would —
 * scripts under {@code scripts/}, the VRRP password in an include file generated here, never in the repository.
 */
class BastionConfigTest {

    private static final String KEEPALIVED = "/usr/sbin/keepalived";
    private static final String HAPROXY = "/usr/sbin/haproxy";
    private static final Pattern VIP = Pattern.compile("(?m)^\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+)/\\d+ dev ");

    private static Path root;

    @TempDir
    Path etc;

    @BeforeAll
    static void repository() {
        root = Repository.root();
        assertThat(Path.of(KEEPALIVED)).as("keepalived is missing: apt-get install -y keepalived").isExecutable();
    }

    static Stream<String> keepalivedConfigs() {
        return Stream.of("ops/bastion/keepalived-bastion-m.conf", "ops/bastion/keepalived-bastion-s.conf",
                "ops/control-plane/keepalived-k8s-m1.conf", "ops/control-plane/keepalived-k8s-m2.conf",
                "ops/control-plane/keepalived-k8s-m3.conf");
    }

    @ParameterizedTest
    @MethodSource("keepalivedConfigs")
    void keepalivedAcceptsTheConfiguration(String config) throws Exception {
        Path installed = install(Files.readString(root.resolve(config)), "PASS", "Pl8mB1ne");
        Repository.Result test = keepalivedConfigTest(installed);
        assertThat(test.output()).as("keepalived --config-test %s", config).isBlank();
    }

    @Test
    void keepalivedConfigTestReportsAMistake() throws Exception {
        // keepalived exits the same way with and without errors; what it prints is the verdict. Prove it prints.
        String broken = Files.readString(root.resolve("ops/bastion/keepalived-bastion-m.conf"))
                .replace("priority 150", "priorty 150");
        Path installed = install(broken, "PASS", "Pl8mB1ne");
        assertThat(keepalivedConfigTest(installed).output()).contains("Unknown keyword 'priorty'");
        Path badAuth = install(Files.readString(root.resolve("ops/bastion/keepalived-bastion-m.conf")), "PAS", "x");
        assertThat(keepalivedConfigTest(badAuth).output()).isNotBlank();
    }

    @Test
    void bastionsAreOneMasterAndOneBackupOnTheSameVipWithEachOtherAsUnicastPeers() throws IOException {
        String master = Files.readString(root.resolve("ops/bastion/keepalived-bastion-m.conf"));
        String backup = Files.readString(root.resolve("ops/bastion/keepalived-bastion-s.conf"));
        assertThat(master).contains("state MASTER").contains("priority 150");
        assertThat(backup).contains("state BACKUP").contains("priority 100");
        assertThat(vip(master)).isEqualTo(vip(backup));
        assertThat(value(master, "virtual_router_id")).isEqualTo(value(backup, "virtual_router_id"));
        assertThat(peers(master)).containsExactly(value(backup, "unicast_src_ip"));
        assertThat(peers(backup)).containsExactly(value(master, "unicast_src_ip"));
        for (String config : List.of(master, backup)) {
            assertThat(config).contains("track_script").contains("chk_sshd")
                    .contains("include /etc/keepalived/vrrp-auth.conf").doesNotContainPattern("(?m)^\\s*auth_pass");
        }
    }

    @Test
    void controlPlaneNodesShareOneVipAndEachPeersWithTheOtherTwo() throws IOException {
        List<String> configs = Stream.of(1, 2, 3).map(n -> {
            try {
                return Files.readString(root.resolve("ops/control-plane/keepalived-k8s-m" + n + ".conf"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(configs).extracting(BastionConfigTest::vip).containsOnly(vip(configs.get(0)));
        assertThat(configs).filteredOn(c -> c.contains("state MASTER")).hasSize(1);
        for (String config : configs) {
            List<String> others = configs.stream().filter(c -> c != config).map(c -> value(c, "unicast_src_ip")).toList();
            assertThat(peers(config)).containsExactlyInAnyOrderElementsOf(others);
        }
        String kubeadm = Files.readString(root.resolve("ops/control-plane/kubeadm-config.yaml"));
        assertThat(kubeadm).contains("controlPlaneEndpoint: \"" + vip(configs.get(0)) + ":8443\"");
    }

    @Test
    void haproxyAcceptsTheControlPlaneConfiguration() throws Exception {
        assertThat(Path.of(HAPROXY)).as("haproxy is missing: apt-get install -y haproxy").isExecutable();
        Repository.Result check = Repository.run(root, 30, HAPROXY, "-c", "-f", "ops/control-plane/haproxy.cfg");
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("Configuration file is valid");
        assertThat(Files.readString(root.resolve("ops/control-plane/haproxy.cfg")))
                .contains("server k8s-m1 10.0.20.11:6443", "server k8s-m2 10.0.20.12:6443",
                        "server k8s-m3 10.0.20.13:6443");
    }

    @Test
    void sshdCheckPassesOnlyWhenSomethingGreetsWithAnSshBanner() throws Exception {
        Path script = root.resolve("ops/bastion/check-sshd.sh");
        try (ServerSocket sshd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread greeter = new Thread(() -> {
                try (Socket client = sshd.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException ignored) {
                    // the check has already read what it needed or timed out
                }
            });
            greeter.start();
            assertThat(runWithPort(script, sshd.getLocalPort()).exitCode()).isZero();
            greeter.join(5_000);
        }
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        assertThat(runWithPort(script, closed).exitCode()).isNotZero();
    }

    @Test
    void notifyScriptPublishesTheVrrpStateForTheConsole() throws Exception {
        Path textfiles = Files.createDirectory(etc.resolve("textfile"));
        ProcessBuilder pb = new ProcessBuilder(root.resolve("ops/bastion/vrrp-notify.sh").toString(), "INSTANCE",
                "VI_BASTION", "MASTER", "150").redirectErrorStream(true);
        pb.environment().put("TEXTFILE_DIR", textfiles.toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(Files.readString(textfiles.resolve("keepalived.prom")))
                .containsPattern("(?m)^keepalived_vrrp_state\\{iname=\"VI_BASTION\",host=\"[^\"]+\"} 2$");
    }

    /** Lays the configuration out as on a host: include file and scripts next to it, paths pointing there. */
    private Path install(String config, String authType, String password) throws IOException {
        Path dir = Files.createTempDirectory(etc, "keepalived");
        Path scripts = Files.createDirectory(dir.resolve("scripts"));
        for (String script : List.of("ops/bastion/check-sshd.sh", "ops/bastion/vrrp-notify.sh",
                "ops/control-plane/check-apiserver.sh")) {
            Path target = scripts.resolve(Path.of(script).getFileName());
            Files.copy(root.resolve(script), target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path auth = dir.resolve("vrrp-auth.conf");
        Files.writeString(auth, "authentication {\n    auth_type " + authType + "\n    auth_pass " + password + "\n}\n");
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));
        // keepalived_script is the account the install guide creates; this machine has none, nobody stands in
        String local = config.replace("/etc/keepalived/", dir + "/")
                .replace("script_user keepalived_script", "script_user nobody");
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, local);
        return file;
    }

    private static Repository.Result keepalivedConfigTest(Path config) throws Exception {
        Repository.Result result = Repository.run(config.getParent(), 30, KEEPALIVED, "--config-test", "-f",
                config.toString());
        // it ends itself with SIGTERM after the test (exit 143) in 2.2.x; anything but that or 0 is a crash
        assertThat(result.exitCode()).as(result.output()).isIn(0, 143);
        return result;
    }

    private static Repository.Result runWithPort(Path script, int port) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(script.toString()).redirectErrorStream(true);
        pb.environment().put("SSHD_PORT", Integer.toString(port));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(done).as("check-sshd.sh did not finish").isTrue();
        return new Repository.Result(p.exitValue(), output);
    }

    private static String vip(String config) {
        Matcher m = VIP.matcher(config);
        assertThat(m.find()).as("virtual_ipaddress in%n%s", config).isTrue();
        return m.group(1);
    }

    private static String value(String config, String key) {
        Matcher m = Pattern.compile("(?m)^\\s+" + key + "\\s+(\\S+)").matcher(config);
        assertThat(m.find()).as(key).isTrue();
        return m.group(1);
    }

    private static List<String> peers(String config) {
        Matcher m = Pattern.compile("unicast_peer \\{([^}]*)}").matcher(config);
        assertThat(m.find()).as("unicast_peer").isTrue();
        return Stream.of(m.group(1).trim().split("\\s+")).toList();
    }
}
