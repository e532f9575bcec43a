package dev.esim.deploy;

import static dev.esim.deploy.Workload.blank;
import static dev.esim.deploy.Workload.orEmpty;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * KafkaTopics as Strimzi's topic operator takes them: a cluster label, a topic name Kafka accepts, partitions and
 * replicas in range, scalar config, and a min.insync.replicas the replicas can reach.
 */
final class KafkaTopicChecks {

    private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private KafkaTopicChecks() {
    }

    /** Every problem of every KafkaTopic. */
    static List<String> problems(List<HasMetadata> objects) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof KafkaTopic topic) {
                checkTopic(Workload.id(object), topic, problems);
            }
        }
        return problems;
    }

    private static void checkTopic(String id, KafkaTopic topic, List<String> problems) {
        if (blank(orEmpty(topic.getMetadata().getLabels()).get("strimzi.io/cluster"))) {
            problems.add(id + ": no strimzi.io/cluster label, so no cluster's topic operator takes it");
        }
        KafkaTopicSpec spec = topic.getSpec();
        if (spec == null) {
            problems.add(id + ": no spec");
            return;
        }
        String name = spec.getTopicName() != null ? spec.getTopicName() : topic.getMetadata().getName();
        if (!KAFKA_TOPIC.matcher(name).matches() || ".".equals(name) || "..".equals(name)) {
            problems.add(id + ": " + name + " is no Kafka topic name");
        }
        if (spec.getPartitions() != null && spec.getPartitions() < 1
                || spec.getReplicas() != null && (spec.getReplicas() < 1 || spec.getReplicas() > Short.MAX_VALUE)) {
            problems.add(id + ": partitions or replicas out of range");
        }
        Map<String, Object> config = orEmpty(spec.getConfig());
        config.forEach((key, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                problems.add(id + ": config " + key + " is not a string, number or boolean");
            }
        });
        Object minInSync = config.get("min.insync.replicas");
        if (minInSync instanceof Number n && spec.getReplicas() != null && n.intValue() > spec.getReplicas()) {
            problems.add(id + ": min.insync.replicas above replicas: no write could ever succeed");
        }
    }
}
