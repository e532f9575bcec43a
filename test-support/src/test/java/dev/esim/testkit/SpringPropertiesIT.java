package dev.esim.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** The annotations alone point a Spring context at the shared infrastructure; explicit test properties win. */
@SpringJUnitConfig(SpringPropertiesIT.EmptyConfiguration.class)
@TestPropertySource(properties = "spring.mail.host=mail.override.test")
@WithKafka(topics = "esim.testkit.spring.v1", partitions = 2)
@WithPostgres(database = "spring_it")
@WithSchemaRegistry
@WithSmtp
class SpringPropertiesIT {

    @Autowired
    Environment environment;

    @Test
    void springPropertiesPointAtTheSharedInfrastructure(Kafka kafka, Smtp smtp, SchemaRegistry registry)
            throws Exception {
        // then
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(kafka.bootstrapServers());
        assertThat(kafka.partitionCount("esim.testkit.spring.v1")).isEqualTo(2);
        assertThat(environment.getProperty("spring.kafka.properties.schema.registry.url")).isEqualTo(registry.url());
        assertThat(environment.getProperty("spring.mail.port")).isEqualTo(Integer.toString(smtp.port()));

        String url = environment.getProperty("spring.datasource.url");
        assertThat(url).contains("/spring_it");
        try (Connection connection = DriverManager.getConnection(url,
                environment.getProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password"));
                ResultSet tables = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            tables.next();
            assertThat(tables.getInt(1)).as("a fresh database has no tables").isZero();
        }
    }

    @Test
    void explicitTestPropertiesOverrideTheInfrastructureDefaults() {
        assertThat(environment.getProperty("spring.mail.host")).isEqualTo("mail.override.test");
    }

    @Configuration(proxyBeanMethods = false)
    static class EmptyConfiguration {
    }
}
