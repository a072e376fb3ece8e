package io.plumbline.charts;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.Map;
import java.util.Optional;

/**
 * fabric8's Kubernetes models behind a strict Jackson mapper: the models' catch-all "additionalProperties"
 * any-setter is switched off and unknown properties fail, so a misspelled or misplaced field is an error instead of
 * being carried along silently (what `kubectl apply --validate=strict` would refuse).
 */
final class StrictModels {

    /** apiVersion + kind → model class, for everything the chart renders that fabric8 has a model for. */
    static final Map<String, Class<? extends HasMetadata>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("gateway.networking.k8s.io/v1/Gateway", Gateway.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1alpha1/AlertmanagerConfig", AlertmanagerConfig.class),
            // Strimzi's own model (io.strimzi:api, charts/pom.xml), for the only API Strimzi >= 1.0 serves: v1
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class));

    /**
     * Custom resources of operators without a Java model here: checked structurally, field by field, in
     * DataLayerTest.theAdminAllowListSecurityPolicyIsWellFormed and PolicyTest (the console's allow-list).
     */
    static final java.util.Set<String> GENERIC = java.util.Set.of("gateway.envoyproxy.io/v1alpha1/SecurityPolicy",
            "gateway.envoyproxy.io/v1alpha1/ClientTrafficPolicy");

    /**
     * Strimzi's model (api 0.51, see charts/pom.xml) still carries the properties that its v1 API removed, each marked
     * deprecated (and {@code @PresentInVersions("v1beta2")}, an annotation not shipped at run time). Taking deprecated
     * properties out of Strimzi's classes makes them unknown, so a rendered v1 resource that uses one fails like a
     * misspelled field — what the operator's v1 CRD schema would refuse.
     */
    static final SimpleModule NO_DEPRECATED_STRIMZI_FIELDS = new SimpleModule().setDeserializerModifier(
            new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                        BeanDeserializerBuilder builder) {
                    if (description.getBeanClass().getName().startsWith("io.strimzi.")) {
                        for (BeanPropertyDefinition p : description.findProperties()) {
                            if (deprecated(p.getGetter()) || deprecated(p.getSetter()) || deprecated(p.getField())) {
                                builder.removeProperty(p.getFullName());
                            }
                        }
                    }
                    return builder;
                }

                private boolean deprecated(AnnotatedMember member) {
                    return member != null && member.hasAnnotation(Deprecated.class);
                }
            });

    static final ObjectMapper STRICT = JsonMapper.builder()
            .addModule(NO_DEPRECATED_STRIMZI_FIELDS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .build();

    private StrictModels() {
    }

    static String typeKey(JsonNode tree) {
        return tree.path("apiVersion").asText() + "/" + tree.path("kind").asText();
    }

    static Optional<Class<? extends HasMetadata>> modelFor(JsonNode tree) {
        return Optional.ofNullable(MODELS.get(typeKey(tree)));
    }

    static <T> T parse(JsonNode tree, Class<T> type) {
        try {
            return STRICT.treeToValue(tree, type);
        } catch (Exception e) {
            throw new AssertionError("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    static HasMetadata parse(Charts.Doc doc) {
        Class<? extends HasMetadata> type = modelFor(doc.tree())
                .orElseThrow(() -> new AssertionError("no model for " + typeKey(doc.tree()) + " in " + doc.id()));
        try {
            return STRICT.treeToValue(doc.tree(), type);
        } catch (Exception e) {
            throw new AssertionError(doc.id() + " does not parse strictly as " + type.getSimpleName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The pod spec of a workload (Deployment, StatefulSet, Job, CronJob), or empty. */
    static Optional<PodSpec> podSpec(HasMetadata resource) {
        if (resource instanceof Deployment d) {
            return Optional.of(d.getSpec().getTemplate().getSpec());
        }
        if (resource instanceof StatefulSet s) {
            return Optional.of(s.getSpec().getTemplate().getSpec());
        }
        if (resource instanceof Job j) {
            return Optional.of(j.getSpec().getTemplate().getSpec());
        }
        if (resource instanceof CronJob c) {
            return Optional.of(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
        }
        return Optional.empty();
    }

    static Map<String, String> podAnnotations(HasMetadata resource) {
        io.fabric8.kubernetes.api.model.ObjectMeta meta = null;
        if (resource instanceof Deployment d) {
            meta = d.getSpec().getTemplate().getMetadata();
        } else if (resource instanceof StatefulSet s) {
            meta = s.getSpec().getTemplate().getMetadata();
        } else if (resource instanceof Job j) {
            meta = j.getSpec().getTemplate().getMetadata();
        } else if (resource instanceof CronJob c) {
            meta = c.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata();
        }
        return meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    }
}
