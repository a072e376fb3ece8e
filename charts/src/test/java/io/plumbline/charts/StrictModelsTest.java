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

/**
 * Every rendered document parses strictly with its model (fabric8's for Kubernetes and prometheus-operator kinds,
 * Strimzi's own for Kafka, KafkaNodePool and KafkaTopic), or is a listed operator CR checked field by field elsewhere.
 */
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
            boolean strimzi = parsed.getClass().getName().startsWith("io.strimzi.");
            // Strimzi's classes leave values equal to their defaults out when they write (deleteClaim: false, ...):
            // written with every property included, only additions (the defaults) may differ
            JsonNode back = (strimzi ? WRITE_ALL : StrictModels.STRICT).valueToTree(parsed);
            if (strimzi) {
                // Strimzi 0.51's Kafka class writes its storage version (v1beta2) whatever it read; the apiVersion was
                // checked by the model lookup (only kafka.strimzi.io/v1 keys exist)
                ((com.fasterxml.jackson.databind.node.ObjectNode) back).set("apiVersion", doc.tree().get("apiVersion"));
            }
            assertThat(difference("", withoutEmptyLists(doc.tree()), back, strimzi))
                    .as("round trip of %s (rendered vs. what the model kept)", doc.id()).isEmpty();
        }
    }

    /** The strict mapper writing every property, whatever the class's own inclusion rule. */
    static final com.fasterxml.jackson.databind.ObjectMapper WRITE_ALL = StrictModels.STRICT.copy()
            .setAnnotationIntrospector(new com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector() {
                @Override
                public com.fasterxml.jackson.annotation.JsonInclude.Value findPropertyInclusion(
                        com.fasterxml.jackson.databind.introspect.Annotated a) {
                    return com.fasterxml.jackson.annotation.JsonInclude.Value.construct(
                            com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS,
                            com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS);
                }

                @Override
                public Boolean hasAnySetter(com.fasterxml.jackson.databind.introspect.Annotated a) {
                    return Boolean.FALSE;
                }
            });

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
        return difference(path, expected, actual, false);
    }

    /** As above; with allowAdded, fields the model adds (its defaults) are not a difference. */
    static String difference(String path, JsonNode expected, JsonNode actual, boolean allowAdded) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? "" : path + ": " + expected + " vs " + actual;
        }
        if (expected.isObject() && actual.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (allowAdded && !expected.has(name)) {
                    continue;
                }
                if (!expected.has(name) || !actual.has(name)) {
                    return path + "/" + name + (expected.has(name) ? " dropped by the model" : " added by the model");
                }
                String d = difference(path + "/" + name, expected.get(name), actual.get(name), allowAdded);
                if (!d.isEmpty()) {
                    return d;
                }
            }
            return "";
        }
        if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                String d = difference(path + "[" + i + "]", expected.get(i), actual.get(i), allowAdded);
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValues")
    void strimziResourcesAreParsedByStrimzisModelNotSkipped(Path values) {
        List<Charts.Doc> strimzi = Charts.render(values).stream()
                .filter(d -> d.apiVersion().startsWith("kafka.strimzi.io/")).toList();
        assertThat(strimzi).extracting(Charts.Doc::kind).contains("Kafka", "KafkaNodePool", "KafkaTopic");
        for (Charts.Doc doc : strimzi) {
            assertThat(StrictModels.GENERIC).doesNotContain(StrictModels.typeKey(doc.tree()));
            assertThat(StrictModels.parse(doc).getClass().getName()).startsWith("io.strimzi.api.");
        }
    }

    @Test
    void aStrimziFieldThatV1RemovedOrMisspelledFailsTheStrictParse() throws Exception {
        // v1 moved replicas and storage to the node pools: a Kafka that still sets them is refused
        JsonNode removed = Charts.YAML.readTree("""
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata: {name: k}
                spec:
                  kafka:
                    version: 4.3.1
                    replicas: 3
                    listeners: [{name: plain, port: 9092, type: internal, tls: false}]
                """);
        assertThatThrownBy(() -> StrictModels.parse(new Charts.Doc("test", "", removed))).hasMessageContaining("replicas");
        JsonNode misspelled = Charts.YAML.readTree("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t, labels: {strimzi.io/cluster: k}}
                spec: {topicName: t, partition: 3, replicas: 3}
                """);
        assertThatThrownBy(() -> StrictModels.parse(new Charts.Doc("test", "", misspelled))).hasMessageContaining("partition");
        // the API Strimzi >= 1.0 no longer serves has no model: the render test would fail on it
        assertThat(StrictModels.MODELS).doesNotContainKey("kafka.strimzi.io/v1beta2/Kafka");
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
