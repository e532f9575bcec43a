package dev.esim.notification.email;

import java.util.List;
import java.util.Objects;

/**
 * A fully rendered multipart e-mail: plain text and HTML alternatives plus inline images referenced by
 * {@code cid:} from the HTML.
 *
 * @param messageId RFC 5322 Message-ID including angle brackets; deterministic per event so a resend is recognisably
 *                  the same message
 */
public record OutgoingEmail(String messageId, String from, String to, String subject, String text, String html,
        List<InlineImage> inlineImages) {

    public OutgoingEmail {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(to, "to");
        inlineImages = List.copyOf(inlineImages);
    }

    /** Never prints the recipient or the bodies: they hold the address and the activation code. */
    @Override
    public String toString() {
        return "OutgoingEmail[messageId=" + messageId + ", subject=" + subject
                + ", inline=" + inlineImages.size() + "]";
    }

    public record InlineImage(String contentId, String contentType, byte[] bytes) {

        @Override
        public String toString() {
            return "InlineImage[" + contentId + ", " + contentType + ", " + bytes.length + " bytes]";
        }
    }
}
