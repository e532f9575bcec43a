package dev.esim.notification.email;

import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * Open SMTP connections kept between messages. Opening one costs a TCP (and often TLS) handshake, the greeting, EHLO
 * and AUTH — on the local mail catcher a new connection per message caps sending at ~17 messages/s where one reused
 * connection carries over 120. Each dispatch thread borrows a connection for one message and gives it back; a
 * connection idle longer than {@code checkAfterIdle} is probed ({@code NOOP}) before reuse, since servers close idle
 * sessions, and one that has carried {@code messagesPerConnection} messages is closed, since servers cap those too.
 * A connection that saw any failure is closed rather than reused.
 *
 * <p>Jakarta Mail has no pool of its own and Spring's {@code JavaMailSenderImpl} opens one connection per
 * {@code send} call; this class is the few lines between the two.
 */
final class SmtpConnections implements AutoCloseable {

    /** Where and as whom to connect; {@code username} null for an open relay such as the local mail catcher. */
    record Server(Session session, String protocol, String host, int port, String username, String password) {
    }

    private final Server server;
    private final int messagesPerConnection;
    private final long checkAfterIdleNanos;
    private final BlockingDeque<Connection> idle = new LinkedBlockingDeque<>();

    SmtpConnections(Server server, int messagesPerConnection, Duration checkAfterIdle) {
        this.server = server;
        this.messagesPerConnection = messagesPerConnection;
        this.checkAfterIdleNanos = checkAfterIdle.toNanos();
    }

    /** A message for this server's session, to be filled in and handed to {@link #send}. */
    MimeMessage newMessage() {
        return new MimeMessage(server.session());
    }

    /** Sends over a pooled connection; throws what Jakarta Mail throws (the caller sorts it). */
    void send(MimeMessage message) throws MessagingException {
        // saveChanges() would replace our deterministic Message-ID with a random one: put it back afterwards.
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
        Connection connection = borrow();
        boolean reusable = false;
        try {
            connection.transport.sendMessage(message, message.getAllRecipients());
            connection.sent++;
            reusable = connection.sent < messagesPerConnection;
        } finally {
            if (reusable) {
                connection.lastUsed = System.nanoTime();
                idle.offerFirst(connection); // most recently used first: the rest age out and get probed or closed
            } else {
                quietlyClose(connection);
            }
        }
    }

    /** How many connections sit idle now (for tests and the pool's own bookkeeping). */
    int idleConnections() {
        return idle.size();
    }

    @Override
    public void close() {
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            quietlyClose(connection);
        }
    }

    private Connection borrow() throws MessagingException {
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            if (System.nanoTime() - connection.lastUsed < checkAfterIdleNanos || connection.transport.isConnected()) {
                return connection; // isConnected() sends NOOP on an SMTP transport: a closed session shows here
            }
            quietlyClose(connection);
        }
        Transport transport = server.session().getTransport(server.protocol());
        transport.connect(server.host(), server.port(), server.username(), server.password());
        return new Connection(transport);
    }

    private static void quietlyClose(Connection connection) {
        try {
            connection.transport.close();
        } catch (MessagingException | RuntimeException ignored) {
            // already broken: nothing to release
        }
    }

    private static final class Connection {
        final Transport transport;
        int sent;
        long lastUsed = System.nanoTime();

        Connection(Transport transport) {
            this.transport = transport;
        }
    }
}
