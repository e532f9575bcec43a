package dev.esim.notification.smtp;

import dev.esim.notification.NotificationProperties;
import dev.esim.notification.email.Emailer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.StringUtils;

/**
 * The real {@link Emailer}: SMTP to the server, session properties and credentials Boot reads from
 * {@code spring.mail.*} into its {@link JavaMailSenderImpl}, over connections kept open between messages.
 */
@Configuration(proxyBeanMethods = false)
public class SmtpConfiguration {

    @Bean(destroyMethod = "close")
    SmtpConnections smtpConnections(JavaMailSenderImpl mail, NotificationProperties properties) {
        SmtpConnections.Server server = new SmtpConnections.Server(mail.getSession(), mail.getProtocol(),
                mail.getHost(), mail.getPort(), StringUtils.hasLength(mail.getUsername()) ? mail.getUsername() : null,
                StringUtils.hasLength(mail.getPassword()) ? mail.getPassword() : null);
        NotificationProperties.Smtp smtp = properties.smtp();
        return new SmtpConnections(server, smtp.messagesPerConnection(), smtp.checkAfterIdle());
    }

    @Bean
    Emailer emailer(SmtpConnections connections) {
        return new JavaMailEmailer(connections);
    }
}
