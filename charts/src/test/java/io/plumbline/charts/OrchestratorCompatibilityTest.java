package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Orchestrator and the MySQL servers it manages are a checked pairing (W2: an Orchestrator that cannot read the
 * replicas' status never promotes), and the image the chart runs carries every tool its scripts call. The rule and
 * the evidence behind it are in docs/runbooks/mysql-primary-down.md ("Which Orchestrator, and why").
 */
class OrchestratorCompatibilityTest {

    static final Path ROOT = Charts.MODULE.getParent();
    static final Path DOCKERFILE = ROOT.resolve("ops/images/orchestrator/Dockerfile");

    private static final Pattern OPENARK = Pattern.compile("(?:.*/)?openarkcode/orchestrator:v?3\\.(\\d+)\\.(\\d+)");
    private static final Pattern PERCONA = Pattern.compile("(?:.*/)?percona/percona-orchestrator:3\\.2\\.6-(\\d+)");

    /**
     * Whether an Orchestrator build manages (discovers, analyses and promotes) servers of a MySQL series.
     * <ul>
     * <li>upstream openark 3.x issues SHOW SLAVE STATUS / SHOW MASTER STATUS / START SLAVE, removed in MySQL 8.4:
     * series up to 8.0 only;</li>
     * <li>Percona's 3.2.6-N switches to the 8.4 syntax from N = 14 (query_string_provider.go, queryStrings84), fixed
     * 8.4.3 issues in N = 15 (DISTMYSQL-494); N = 18 is the build Percona's Operator for MySQL 1.0.0 certifies with
     * Percona Server 8.4.6, so 8.4 requires at least that;</li>
     * <li>anything else (other builds, MySQL 9.x) is not verified, hence not supported.</li>
     * </ul>
     */
    static boolean supports(String orchestratorImage, String mysqlSeries) {
        Matcher openark = OPENARK.matcher(orchestratorImage);
        if (openark.matches()) {
            return mysqlSeries.equals("5.7") || mysqlSeries.equals("8.0");
        }
        Matcher percona = PERCONA.matcher(orchestratorImage);
        if (percona.matches()) {
            int build = Integer.parseInt(percona.group(1));
            return switch (mysqlSeries) {
                case "5.7", "8.0" -> true;
                case "8.4" -> build >= 18;
                default -> false;
            };
        }
        return false;
    }

    /** Percona's package repository of a MySQL series (percona-release), for the client installed beside it. */
    static final Map<String, String> PERCONA_REPOSITORY = Map.of("8.0", "ps-80", "8.4", "ps-84-lts");

    @Test
    void theRuleRefusesTheAuditedPairingAndAcceptsTheCertifiedOne() {
        assertThat(supports("docker.io/openarkcode/orchestrator:v3.2.6", "8.4")).as("the audit's finding (W2)").isFalse();
        assertThat(supports("docker.io/openarkcode/orchestrator:v3.2.6", "8.0")).isTrue();
        assertThat(supports("docker.io/percona/percona-orchestrator:3.2.6-18", "8.4")).isTrue();
        assertThat(supports("docker.io/percona/percona-orchestrator:3.2.6-14", "8.4")).as("before the 8.4.3 fixes").isFalse();
        assertThat(supports("docker.io/percona/percona-orchestrator:3.2.6-18", "9.1")).as("not verified").isFalse();
        assertThat(supports("docker.io/example/orchestrator:latest", "8.0")).as("unknown build").isFalse();
    }

    static String mysqlSeries() {
        StatefulSet mysql = StrictModels.parse(Charts.one(Charts.renderDefaults(), "StatefulSet", "-mysql").tree(),
                StatefulSet.class);
        String image = mysql.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("mysql")).findFirst().orElseThrow().getImage();
        Matcher version = Pattern.compile(":(\\d+)\\.(\\d+)\\.\\d+$").matcher(image);
        assertThat(version.find()).as("a pinned MySQL version in %s", image).isTrue();
        return version.group(1) + "." + version.group(2);
    }

    static String dockerfileBase() {
        Matcher arg = Pattern.compile("(?m)^ARG ORCHESTRATOR_BASE=(\\S+)$").matcher(Charts.text(DOCKERFILE));
        assertThat(arg.find()).as("ARG ORCHESTRATOR_BASE in %s", DOCKERFILE).isTrue();
        assertThat(Charts.text(DOCKERFILE)).containsPattern("(?m)^FROM \\$\\{ORCHESTRATOR_BASE}$");
        return arg.group(1);
    }

    @Test
    void theChartRunsAnOrchestratorThatManagesItsMySqlSeries() {
        String series = mysqlSeries();
        String base = dockerfileBase();
        assertThat(supports(base, series)).as("%s managing MySQL %s", base, series).isTrue();
        // the hook's client comes from the same MySQL series as the servers
        String dockerfile = Charts.text(DOCKERFILE);
        assertThat(PERCONA_REPOSITORY).containsKey(series);
        assertThat(dockerfile).contains("percona-release enable-only " + PERCONA_REPOSITORY.get(series) + " release")
                .containsPattern("microdnf install -y [^\\n]*percona-server-client");

        // the pods run that image: Plumbline's build at the chart's version, which release.yml builds and pushes
        StatefulSet orc = StrictModels.parse(Charts.one(Charts.renderDefaults(), "StatefulSet", "-orchestrator").tree(),
                StatefulSet.class);
        List<Container> containers = new ArrayList<>(orc.getSpec().getTemplate().getSpec().getContainers());
        containers.addAll(orc.getSpec().getTemplate().getSpec().getInitContainers());
        assertThat(containers).allSatisfy(c -> assertThat(c.getImage()).isEqualTo("ghcr.io/plumbline/orchestrator:0.1.0"));
        String release = Charts.text(ROOT.resolve(".github/workflows/release.yml"));
        assertThat(release).contains("ops/images/orchestrator").contains("/orchestrator:${TAG#v}");
    }

    /** Where each tool the scripts call comes from in the image: the base image, or a package the Dockerfile adds. */
    static final Map<String, String> PROVIDED = Map.of(
            "mysql", "percona-server-client",
            "awk", "gawk",
            "curl", "<base>",
            "sha256sum", "<base>",
            "cut", "<base>",
            "date", "<base>",
            "cat", "<base>",
            "sleep", "<base>");

    static final Set<String> SHELL = Set.of("if", "then", "else", "elif", "fi", "for", "in", "do", "done", "while",
            "until", "case", "esac", "set", "export", "umask", "exit", "echo", "printf", "read", "local", "return",
            "shift", "test", "true", "false", "cd", "eval", "exec", "wait", "trap", "break", "continue", "command",
            "function", "sh");

    /** The external commands a POSIX shell script runs (quoted strings, here-documents and functions left out). */
    static Set<String> commands(String script) {
        String code = withoutQuotesAndComments(script.replaceAll("(?ms)<<-?'?(\\w+)'?\\n.*?^\\1$", ""))
                .replaceAll("\\$\\(\\([^)]*\\)\\)", "0")
                // a keyword that starts a command list is a separator like ';'
                .replaceAll("\\b(?:then|do|else|elif|if|until|while)\\b", ";");
        Set<String> functions = new TreeSet<>();
        Matcher fn = Pattern.compile("(?m)^\\s*([a-z_][a-z0-9_]*)\\s*\\(\\)").matcher(code);
        while (fn.find()) {
            functions.add(fn.group(1));
        }
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)(?:^|[;&|(!{]|\\$\\()\\s*([a-z][a-z0-9_.-]*)(?![a-z0-9_.-]*=)")
                .matcher(code);
        while (m.find()) {
            String word = m.group(1);
            if (!SHELL.contains(word) && !functions.contains(word)) {
                found.add(word);
            }
        }
        return found;
    }

    /** The script with every quoted string emptied and every comment removed, read left to right like sh does. */
    static String withoutQuotesAndComments(String script) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        boolean comment = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (comment) {
                if (c == '\n') {
                    comment = false;
                    out.append(c);
                }
            } else if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    out.append(c);
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                out.append(c);
            } else if (c == '#' && (i == 0 || Character.isWhitespace(script.charAt(i - 1)))) {
                comment = true;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void theCommandFinderSeesThroughQuotesAndHereDocuments() {
        assertThat(commands("""
                #!/bin/sh
                # it's a comment: rm -rf /
                log() { echo "x: $*" >&2; }
                i=$((i + 1)); n="$1" m='x'
                [ "$i" -ge 3 ] && { echo "it's"; exit 0; }
                x=$(printf '%s' "$a" | sha256sum | cut -c1-4)
                if mysql -e "UPDATE t SET a = 1;
                    LOAD MYSQL SERVERS TO RUNTIME; done"; then log ok; fi
                body=$(cat <<JSON
                {"a": "b; rm -rf /"}
                JSON
                )
                until curl -fsS x; do sleep 1; done
                jq . f && awk '{ print; system("ignored") }' f
                """)).containsExactlyInAnyOrder("sha256sum", "cut", "mysql", "cat", "curl", "sleep", "jq", "awk");
    }

    @Test
    void theImageCarriesEveryToolTheOrchestratorScriptsCall() {
        ConfigMap cm = StrictModels.parse(Charts.one(Charts.renderDefaults(), "ConfigMap", "-orchestrator").tree(),
                ConfigMap.class);
        String dockerfile = Charts.text(DOCKERFILE);
        Set<String> used = new TreeSet<>();
        cm.getData().forEach((key, script) -> {
            if (key.endsWith(".sh")) {
                used.addAll(commands(script));
            }
        });
        assertThat(used).as("tools of the orchestrator scripts").contains("mysql", "curl", "awk");
        for (String tool : used) {
            assertThat(PROVIDED).as("%s is called by an orchestrator script: where does the image get it?", tool)
                    .containsKey(tool);
            String source = PROVIDED.get(tool);
            if (!source.equals("<base>")) {
                assertThat(dockerfile).as("the Dockerfile installs %s (for %s)", source, tool)
                        .containsPattern("microdnf install -y [^\\n]*\\b" + Pattern.quote(source) + "\\b");
                assertThat(dockerfile).as("the build checks %s runs", tool).contains(tool + " --version");
            }
        }
    }
}
