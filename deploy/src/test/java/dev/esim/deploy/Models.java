package dev.esim.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reads a rendered object into the typed model of its apiVersion and kind, as strictly as the API server's strict
 * field validation: a field the model does not have fails, and so does a value of the wrong JSON type (a port
 * written as a string, an environment value written as a number).
 * <ul>
 *     <li>Kubernetes' own kinds: fabric8's model, found through the {@code KubernetesResource} service entries its
 *     jars carry (so every group on the classpath: core, apps, policy, networking, autoscaling, batch, …)</li>
 *     <li>{@code monitoring.coreos.com/v1} (PodMonitor, PrometheusRule, …): fabric8's model of the prometheus-operator
 *     CRDs ({@code openshift-model-monitoring}), found the same way</li>
 *     <li>{@code kafka.strimzi.io}: Strimzi's own api classes, listed in {@link #STRIMZI}</li>
 * </ul>
 * fabric8 and Strimzi models keep a field they do not know in an {@code additionalProperties} map (a Jackson any-
 * setter) instead of failing; the mapper here takes that any-setter away from every class, so such a field fails
 * with its path, on every nested object alike. A kind with no model fails naming it.
 */
final class Models {

    private static final String SERVICE_ENTRIES =
            "META-INF/services/" + KubernetesResource.class.getName();

    /**
     * Strimzi's api registers no service entries. One Java class models every version of a kind (fields the CRD has
     * in some versions only are marked so); Strimzi 0.50's CRDs serve {@code v1} and, deprecated, {@code v1beta2}.
     */
    private static final Map<String, Class<? extends HasMetadata>> STRIMZI = Map.of(
            "kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class,
            "kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class,
            "kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class,
            "kafka.strimzi.io/v1/KafkaUser", KafkaUser.class,
            "kafka.strimzi.io/v1beta2/Kafka", Kafka.class,
            "kafka.strimzi.io/v1/Kafka", Kafka.class,
            "kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class);

    static final ObjectMapper STRICT = strictMapper();

    private static final Map<String, Optional<Class<? extends HasMetadata>>> FOUND = new ConcurrentHashMap<>();
    private static volatile List<String> fabric8Classes;

    private Models() {
    }

    /** The object as its model, or an AssertionError naming the object and what the model refuses. */
    static HasMetadata read(ObjectNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        Class<? extends HasMetadata> model = modelOf(apiVersion, kind)
                .orElseThrow(() -> new AssertionError(Kustomize.id(object) + ": no model for " + apiVersion + " "
                        + kind + " (add its model's dependency, or its Strimzi class to Models.STRIMZI)"));
        try {
            return STRICT.treeToValue(object, model);
        } catch (JsonMappingException e) {
            throw new AssertionError(Kustomize.id(object) + " at " + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Class<? extends HasMetadata>> modelOf(String apiVersion, String kind) {
        return FOUND.computeIfAbsent(apiVersion + "/" + kind, key -> STRIMZI.containsKey(key)
                ? Optional.<Class<? extends HasMetadata>>of(STRIMZI.get(key)) : fabric8Model(apiVersion, kind));
    }

    private static Optional<Class<? extends HasMetadata>> fabric8Model(String apiVersion, String kind) {
        for (String name : fabric8Classes()) {
            if (!name.endsWith("." + kind)) {
                continue;
            }
            Class<?> type;
            try {
                type = Class.forName(name, false, Models.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                continue;
            }
            if (HasMetadata.class.isAssignableFrom(type) && kind.equals(HasMetadata.getKind(type))
                    && apiVersion.equals(HasMetadata.getApiVersion(type))) {
                return Optional.of(type.asSubclass(HasMetadata.class));
            }
        }
        return Optional.empty();
    }

    /** The class names every fabric8 model jar on the classpath lists as its resources. */
    private static List<String> fabric8Classes() {
        if (fabric8Classes == null) {
            List<String> names = new ArrayList<>();
            try {
                for (URL entries : Collections.list(Models.class.getClassLoader().getResources(SERVICE_ENTRIES))) {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(entries.openStream(), StandardCharsets.UTF_8))) {
                        names.addAll(reader.lines().map(String::strip)
                                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                                .collect(Collectors.toList()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            fabric8Classes = List.copyOf(names);
        }
        return fabric8Classes;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "." : path.toString();
    }

    private static ObjectMapper strictMapper() {
        SimpleModule noAnySetter = new SimpleModule("no-additional-properties");
        noAnySetter.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                    BeanDeserializerBuilder builder) {
                builder.setAnySetter(null);
                builder.setIgnoreUnknownProperties(false);
                return builder;
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .addModule(noAnySetter)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // the API server decodes JSON types strictly: "8080" is no int, 8080 is no string, "true" no boolean
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }
}
