package dev.esim.ingress.publish;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness follows Kafka: an ingress that cannot write cannot accept anything, so the load balancer should route
 * elsewhere (the gateway retries anyway). Liveness does not include it: restarting does not bring Kafka back.
 */
final class KafkaReadiness implements HealthIndicator {

    private final Admin admin;
    private final Duration timeout;

    KafkaReadiness(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            int nodes = cluster.nodes().get(timeout.toMillis() + 200, TimeUnit.MILLISECONDS).size();
            String clusterId = cluster.clusterId().get(timeout.toMillis() + 200, TimeUnit.MILLISECONDS);
            return Health.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
