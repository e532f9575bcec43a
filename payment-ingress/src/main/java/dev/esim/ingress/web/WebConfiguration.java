package dev.esim.ingress.web;

import dev.esim.observability.RequestIds;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP edge: request ids; the (package-private) webhook controller is component-scanned. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    /** What the edge needs from the service's properties. */
    public record WebSettings(int maxBodyBytes, Duration publishTimeout) {
    }

    @Bean
    RequestIds requestIds() {
        return new RequestIds();
    }
}
