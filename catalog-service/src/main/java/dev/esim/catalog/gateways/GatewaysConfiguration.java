package dev.esim.catalog.gateways;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Every {@link Gateway} bean, behind one router that checkout, expiry and refunds use. */
@Configuration(proxyBeanMethods = false)
class GatewaysConfiguration {

    @Bean
    @Primary
    GatewayRouter gatewayRouter(List<Gateway> gateways) {
        return new GatewayRouter(gateways);
    }
}
