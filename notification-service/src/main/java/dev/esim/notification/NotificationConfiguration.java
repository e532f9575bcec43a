package dev.esim.notification;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every feature shares: the clock and the configuration properties. Each feature package wires its own beans
 * ({@code delivery}, {@code email}, {@code order}, {@code retention}, {@code secret}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NotificationProperties.class, PlatformProperties.class})
class NotificationConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
