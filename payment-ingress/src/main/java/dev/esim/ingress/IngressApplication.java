package dev.esim.ingress;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Verified Stripe, GOV.UK Pay and eSIM-provider webhooks become Avro events on Kafka. */
@SpringBootApplication
public class IngressApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngressApplication.class, args);
    }
}
