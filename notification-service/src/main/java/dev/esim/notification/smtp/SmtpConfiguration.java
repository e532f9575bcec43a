package dev.esim.notification.smtp;

import dev.esim.notification.email.Emailer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/** The real {@link Emailer}: SMTP via the {@link JavaMailSender} Boot builds from {@code spring.mail.*}. */
@Configuration(proxyBeanMethods = false)
public class SmtpConfiguration {

    @Bean
    Emailer emailer(JavaMailSender sender) {
        return new JavaMailEmailer(sender);
    }
}
