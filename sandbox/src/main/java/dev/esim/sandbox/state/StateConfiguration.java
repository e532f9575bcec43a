package dev.esim.sandbox.state;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The state directory the gateway and the provider simulators keep their journals in. */
@Configuration(proxyBeanMethods = false)
public class StateConfiguration {

    @Bean(destroyMethod = "close")
    StateDirectory sandboxStateDirectory(@Value("${sandbox.state-dir:}") String dir) {
        return new StateDirectory(dir);
    }
}
