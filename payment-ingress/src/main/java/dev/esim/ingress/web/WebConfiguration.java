package dev.esim.ingress.web;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP edge: the (package-private) webhook controller is component-scanned; request ids come from the
 * observability module's auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    /** What the edge needs from the service's properties. */
    public record WebSettings(int maxBodyBytes, Duration publishTimeout) {
    }
}
