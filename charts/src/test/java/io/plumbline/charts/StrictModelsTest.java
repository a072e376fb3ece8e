package io.plumbline.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every rendered document parses strictly with its fabric8 model, or is a known operator CR checked generically. */
class StrictModelsTest {

    static Stream<Path> ciValues() {
        return Charts.validCiValues().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void everyDocumentParsesStrictly(Path values) {
        List<Charts.Doc> docs = Charts.render(values);
        for (Charts.Doc doc : docs) {
            String type = StrictModels.typeKey(doc.tree());
            if (StrictModels.GENERIC.contains(type)) {
                continue;
            }
            assertThat(StrictModels.MODELS).as("a model (or a generic check) for %s", doc.id()).containsKey(type);
            HasMetadata parsed = StrictModels.parse(doc);
            assertThat(parsed.getMetadata().getName()).isEqualTo(doc.name());
            // nothing was lost on the way: the model writes back the same tree
            JsonNode back = StrictModels.STRICT.valueToTree(parsed);
            assertThat(difference("", withoutEmptyLists(doc.tree()), back))
                    .as("round trip of %s (rendered vs. what the model kept)", doc.id()).isEmpty();
        }
    }

    /** fabric8 leaves empty lists out when it writes (an empty list and none mean the same to the API server). */
    static JsonNode withoutEmptyLists(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            List<String> empty = new java.util.ArrayList<>();
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isArray() && e.getValue().isEmpty()) {
                    empty.add(e.getKey());
                } else {
                    strip(e.getValue());
                }
            });
            o.remove(empty);
        } else if (node.isArray()) {
            node.forEach(StrictModelsTest::strip);
        }
    }

    /** The first path where two trees differ (numbers compared by value), or "" when they are equal. */
    static String difference(String path, JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? "" : path + ": " + expected + " vs " + actual;
        }
        if (expected.isObject() && actual.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (!expected.has(name) || !actual.has(name)) {
                    return path + "/" + name + (expected.has(name) ? " dropped by the model" : " added by the model");
                }
                String d = difference(path + "/" + name, expected.get(name), actual.get(name));
                if (!d.isEmpty()) {
                    return d;
                }
            }
            return "";
        }
        if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                String d = difference(path + "[" + i + "]", expected.get(i), actual.get(i));
                if (!d.isEmpty()) {
                    return d;
                }
            }
            return "";
        }
        if (expected.isValueNode() && actual.isValueNode() && expected.asText().equals(actual.asText())) {
            return "";
        }
        return expected.equals(actual) ? "" : path + ": " + expected + " vs " + actual;
    }

    @Test
    void aMisspelledFieldFailsTheStrictParse() throws Exception {
        JsonNode tree = Charts.YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 2
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: c, image: i}]
                """);
        assertThatThrownBy(() -> StrictModels.parse(tree, Deployment.class))
                .hasMessageContaining("replica");
        JsonNode misplaced = Charts.YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: c, image: i, readOnlyRootFilesystem: true}]
                """);
        assertThatThrownBy(() -> StrictModels.parse(misplaced, Deployment.class))
                .hasMessageContaining("readOnlyRootFilesystem");
    }

    @Test
    void aDuplicatedKeyFailsTheYamlRead() {
        assertThatThrownBy(() -> Charts.split("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: x
                  name: y
                """)).hasMessageContaining("Duplicate field");
    }
}
