package dev.esim.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

@ExtendWith(OutputCaptureExtension.class)
class ScrubbedJsonLogsTest {

    @Test
    void aServiceWithStructuredLoggingWritesJsonWithoutPersonalData(CapturedOutput output) {
        // given an application that logs JSON, as every service does
        try (ConfigurableApplicationContext ignored = new SpringApplication(App.class).run(
                "--logging.structured.format.console=logstash", "--spring.main.web-application-type=none")) {
            Logger log = LoggerFactory.getLogger("test");
            MDC.put("order_id", "ord_42");
            MDC.put("customer", "alex@example.com");
            try {
                // when someone logs what must never be logged
                log.info("activation LPA:1$smdp.example.net$ACT-9999 for alex@example.com");
            } finally {
                MDC.clear();
            }
        }

        // then the line is JSON with the context, and the secrets are masked everywhere
        String line = output.getOut().lines().filter(l -> l.contains("ord_42")).findFirst()
                .orElseThrow(() -> new AssertionError("no log line with the order id in:\n" + output.getOut()));
        assertThat(line).startsWith("{").contains("\"order_id\":\"ord_42\"");
        assertThat(line).doesNotContain("ACT-9999").doesNotContain("alex@example.com").contains("***@example.com");
    }

    @SpringBootApplication
    static class App {
    }
}
