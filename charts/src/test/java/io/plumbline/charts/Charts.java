package io.plumbline.charts;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Renders the chart with helm-java (Helm 3 as a library) once per values file and JVM, and splits the output into
 * documents. Everything else in the tests reads these renders.
 */
final class Charts {

    static final Path MODULE = locateModule();
    static final Path CHART = MODULE.resolve("plumbline");
    static final Path CI = CHART.resolve("ci");
    static final String RELEASE = "plumbline";
    static final String NAMESPACE = "plumbline";
    /** The Kubernetes version rendered for: the chart's stated minimum (KubernetesVersionTest). */
    static final String KUBE_VERSION = "v1.30.0";

    /** Tree reader for rendered YAML; a key given twice in one mapping is an error (kubectl refuses those too). */
    static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final Map<String, List<Doc>> RENDERS = new ConcurrentHashMap<>();

    private Charts() {
    }

    /** One rendered document: where it came from (Helm's "# Source:" comment) and its tree. */
    record Doc(String source, String yaml, JsonNode tree) {
        String kind() {
            return tree.path("kind").asText();
        }

        String apiVersion() {
            return tree.path("apiVersion").asText();
        }

        String name() {
            return tree.path("metadata").path("name").asText();
        }

        String namespace() {
            return tree.path("metadata").path("namespace").asText();
        }

        String id() {
            return kind() + "/" + namespace() + "/" + name() + " (" + source + ")";
        }
    }

    private static Path locateModule() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p : List.of(here, here.resolve("charts"))) {
            if (Files.isDirectory(p.resolve("plumbline")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("run from charts/ or the repository root; cwd = " + here);
    }

    static {
        // helm-java extracts its native library through JNA; it needs a writable cache directory
        if (System.getProperty("jna.tmpdir") == null) {
            try {
                Path tmp = Files.createDirectories(MODULE.resolve("target/jna"));
                System.setProperty("jna.tmpdir", tmp.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The ci/*-values.yaml files: each must lint and render. */
    static List<Path> validCiValues() {
        try (Stream<Path> files = Files.list(CI)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ci/invalid-*.yaml: values the schema must refuse (not named *-values.yaml, so chart-testing skips them). */
    static List<Path> invalidCiValues() {
        try (Stream<Path> files = Files.list(CI)) {
            return files.filter(p -> p.getFileName().toString().startsWith("invalid-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String templateRaw(Path valuesFile) {
        return templateRaw(CHART, valuesFile);
    }

    static String templateRaw(Path chart, Path valuesFile) {
        // no cluster here: helm-java's lookup would dial one (ReleaseHygieneTest checks the template keeps the value)
        var cmd = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                .set("backupWorker.verifyDatabase.keepGeneratedPassword", false);
        if (valuesFile != null) {
            cmd = cmd.withValuesFile(valuesFile);
        }
        return cmd.call();
    }

    /** Rendered documents of the chart with one values file (null = the chart's defaults), cached. */
    static List<Doc> render(Path valuesFile) {
        String key = valuesFile == null ? "<defaults>" : valuesFile.toString();
        return RENDERS.computeIfAbsent(key, k -> {
            String raw = templateRaw(valuesFile);
            try {
                // kept for people reading a failure: target/rendered/<values file>.yaml
                Path out = Files.createDirectories(MODULE.resolve("target/rendered"))
                        .resolve(valuesFile == null ? "defaults.yaml" : valuesFile.getFileName().toString());
                Files.writeString(out, raw);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return split(raw);
        });
    }

    static List<Doc> renderDefaults() {
        return render(null);
    }

    static List<Doc> split(String output) {
        List<Doc> docs = new ArrayList<>();
        for (String part : output.split("(?m)^---\\s*$")) {
            String source = "?";
            for (String line : part.split("\n")) {
                if (line.startsWith("# Source: ")) {
                    source = line.substring("# Source: ".length()).trim();
                    break;
                }
            }
            String body = part.lines().filter(l -> !l.startsWith("# Source: ")).reduce("", (a, b) -> a + b + "\n");
            if (body.isBlank()) {
                continue;
            }
            try {
                JsonNode tree = YAML.readTree(body);
                if (tree == null || tree.isNull() || tree.isMissingNode()) {
                    continue;
                }
                docs.add(new Doc(source, body, tree));
            } catch (IOException e) {
                throw new AssertionError("rendered document from " + source + " is not YAML: " + e.getMessage()
                        + "\n" + body, e);
            }
        }
        return docs;
    }

    static List<Doc> ofKind(List<Doc> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.kind())).toList();
    }

    static Doc one(List<Doc> docs, String kind, String nameSuffix) {
        List<Doc> found = docs.stream().filter(d -> kind.equals(d.kind()) && d.name().endsWith(nameSuffix)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " named *" + nameSuffix + ", found " + found.size());
        }
        return found.get(0);
    }

    static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path values(String ciFile) {
        Path p = CI.resolve(ciFile);
        if (!Files.exists(p)) {
            throw new AssertionError("missing " + p);
        }
        return Objects.requireNonNull(p);
    }
}
