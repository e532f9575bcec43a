package dev.esim.notification.email;

import dev.esim.events.OrderTokens;
import dev.esim.notification.NotificationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.StringUtils;

/**
 * The {@link EmailRenderer}, and the real {@link Emailer}: SMTP to the server, session properties and credentials Boot
 * reads from {@code spring.mail.*} into its {@link JavaMailSenderImpl}, over connections kept open between messages.
 */
@Configuration(proxyBeanMethods = false)
class EmailConfiguration {

    @Bean
    EmailRenderer emailRenderer(NotificationProperties properties) {
        OrderTokens tokens = new OrderTokens(properties.orderLinks().secret());
        OrderLinks links = OrderLinks.withToken(properties.orderStatusBaseUrl(), tokens::token);
        return new EmailRenderer(properties.from(), links, TopUpLinks.fromTemplate(properties.topUpUrl()),
                properties.qr().size());
    }

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
