package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** helm lint --strict, and helm template of every ci/*-values.yaml; the schema refuses every ci/invalid-*.yaml. */
class HelmLintAndTemplateTest {

    static Stream<Path> ciValues() {
        return Charts.validCiValues().stream();
    }

    static Stream<Path> invalidValues() {
        return Charts.invalidCiValues().stream();
    }

    @Test
    void theChartHasItsPrometheusCommunityStyleParts() {
        for (String part : List.of("Chart.yaml", "values.yaml", "values.schema.json", "templates/_helpers.tpl",
                "templates/NOTES.txt")) {
            assertThat(Charts.CHART.resolve(part)).as(part).isRegularFile();
        }
        assertThat(Charts.validCiValues()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(Charts.invalidCiValues()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void lintStrictPasses() {
        LintResult result = new Helm(Charts.CHART).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void everyCiValuesFileRenders(Path values) {
        List<Charts.Doc> docs = Charts.render(values);
        assertThat(docs).as("documents rendered from %s", values.getFileName()).hasSizeGreaterThan(30);
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.apiVersion()).as("apiVersion of %s", d.id()).isNotBlank();
            assertThat(d.kind()).as("kind of %s", d.id()).isNotBlank();
            assertThat(d.name()).as("name of %s", d.id()).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            assertThat(d.namespace()).as("namespace of %s", d.id()).isNotBlank();
        });
        // no two objects of the same kind share a namespace/name
        assertThat(docs.stream().map(d -> d.apiVersion() + "/" + d.kind() + "/" + d.namespace() + "/" + d.name()))
                .doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void theSchemaRefusesBadValues(Path values) throws Exception {
        assertThat(Files.readString(values)).as("an invalid-* file says what must fail").contains("MUST FAIL");
        List<String> expected = Files.readAllLines(values).stream().filter(l -> l.startsWith("# expect: "))
                .map(l -> l.substring("# expect: ".length()).trim()).toList();
        assertThat(expected).as("%s names the schema error it expects (# expect: ...)", values.getFileName()).isNotEmpty();
        var failure = assertThatThrownBy(() -> Charts.templateRaw(values))
                .as("rendering %s must fail schema validation", values.getFileName())
                .hasMessageContaining("values don't meet the specifications of the schema");
        for (String fragment : expected) {
            failure.hasMessageContaining(fragment);
        }
    }
}
