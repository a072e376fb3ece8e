package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What makes two installs of one version the same: no value that changes by itself at every upgrade, images pinned by
 * digest when asked, pulls authorised in every pod, and one Helm version for the tests and every workflow.
 */
class ReleaseHygieneTest {

    static final Path ROOT = Charts.MODULE.getParent();

    @Test
    void theGeneratedSecretKeepsTheValueTheClusterAlreadyHas() {
        String template = Charts.text(Charts.CHART.resolve("templates/backup-worker.yaml"));
        // helm template has no cluster to look up: the render differs each time (PolicyTest), an upgrade does not
        assertThat(template).contains("{{- if $v.keepGeneratedPassword }}")
                .containsPattern("\\$existing = lookup \"v1\" \"Secret\" \\(include \"plumbline.ns.app\" \\.\\) \\$verifySecret")
                .contains("password: {{ dig \"data\" \"password\" (randAlphaNum 32 | b64enc) $existing }}");
        // it is the only generated value in the chart
        try (Stream<Path> files = Files.walk(Charts.CHART.resolve("templates"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                Matcher random = Pattern.compile("rand(AlphaNum|Alpha|Numeric|Ascii|Bytes)|uuidv4|genPrivateKey|now\\b").matcher(text);
                while (random.find()) {
                    assertThat(f.getFileName().toString() + ":" + random.group()).isEqualTo("backup-worker.yaml:randAlphaNum");
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void keepingTheGeneratedPasswordIsTheDefault() throws IOException {
        JsonNode values = Charts.YAML.readTree(Charts.text(Charts.CHART.resolve("values.yaml")));
        assertThat(values.path("backupWorker").path("verifyDatabase").path("keepGeneratedPassword").asBoolean()).isTrue();
    }

    @Test
    void plumblinesImagesArePinnedByDigestAndEveryPodMayPullThem() {
        List<Charts.Doc> docs = Charts.render(Charts.values("multi-namespace-values.yaml"));
        List<String> problems = new ArrayList<>();
        int plumblineImages = 0;
        for (Charts.Doc d : docs) {
            JsonNode pod = InstallOrderTest.podSpec(d.tree());
            if (pod == null) {
                continue;
            }
            if (!pod.path("imagePullSecrets").toString().equals("[{\"name\":\"ghcr-pull\"}]")) {
                problems.add(d.id() + " has no imagePullSecrets");
            }
            for (JsonNode c : InstallOrderTest.containers(pod)) {
                String image = c.path("image").asText();
                if (image.startsWith("ghcr.io/plumbline/")) {
                    plumblineImages++;
                    if (!image.matches("ghcr\\.io/plumbline/[a-z-]+:[^@]+@sha256:[a-f0-9]{64}")) {
                        problems.add(d.id() + " " + image + " is not pinned by digest");
                    }
                }
            }
        }
        assertThat(plumblineImages).isGreaterThanOrEqualTo(5);
        assertThat(problems).isEmpty();
        // without digests, the tag (appVersion) as before
        assertThat(Charts.one(Charts.renderDefaults(), "Deployment", "-booking-api").tree().findValues("image"))
                .allSatisfy(i -> assertThat(i.asText()).isEqualTo("ghcr.io/plumbline/booking-api:0.1.0"));
    }

    /** The Helm the tests render with: the version helm-java's native library was built from. */
    static String helmJavaHelmVersion() throws IOException {
        for (String lib : List.of("helm-linux-amd64.so", "helm-linux-arm64.so", "helm-darwin-amd64.dylib",
                "helm-darwin-arm64.dylib", "helm-windows-amd64.dll")) {
            try (InputStream in = ReleaseHygieneTest.class.getClassLoader().getResourceAsStream(lib)) {
                if (in == null) {
                    continue;
                }
                String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                Matcher m = Pattern.compile("helm\\.sh/helm/v3@(v3\\.\\d+\\.\\d+)").matcher(text);
                assertThat(m.find()).as("the Go module version in %s", lib).isTrue();
                return m.group(1);
            }
        }
        throw new AssertionError("no helm-java native library on the test class path");
    }

    @Test
    void everyWorkflowRunsTheHelmTheTestsRenderWith() throws IOException {
        String helm = helmJavaHelmVersion();
        int pinned = 0;
        try (Stream<Path> workflows = Files.list(ROOT.resolve(".github/workflows"))) {
            for (Path w : workflows.toList()) {
                Matcher setup = Pattern.compile("uses: Azure/setup-helm@[0-9a-f]{40}[^\\n]*\\n\\s*with:\\n\\s*version: (\\S+)")
                        .matcher(Files.readString(w));
                while (setup.find()) {
                    pinned++;
                    assertThat(setup.group(1)).as("Helm in %s", w.getFileName()).isEqualTo(helm);
                }
                assertThat(Files.readString(w)).as("%s installs Helm only through a pinned setup-helm", w.getFileName())
                        .doesNotContain("get-helm-3").doesNotContain("version: latest");
            }
        }
        assertThat(pinned).isGreaterThanOrEqualTo(4);
    }
}
