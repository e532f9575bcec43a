package dev.esim.notification.delivery;

import dev.esim.notification.email.Template;

/**
 * Deterministic RFC 5322 Message-IDs: the same event always yields the same id, so a message resent after a crash
 * is recognisably the same one (mail clients and many servers collapse duplicates by Message-ID).
 */
final class MessageIds {

    private MessageIds() {
    }

    static String of(String eventId, Template template, String domain) {
        return "<" + eventId + "." + template.id() + "@" + domain + ">";
    }
}
