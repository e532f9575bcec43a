package dev.esim.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;

/** The mail catcher's inbox over its REST API, read as a mail client would: MIME parts, inline images. */
final class Inbox {

    private static final Session SESSION = Session.getInstance(new Properties());

    private Inbox() {
    }

    /** Every message delivered to {@code address} (empty when none yet: GreenMail creates the user on delivery). */
    static List<MimeMessage> messagesTo(String address) {
        Platform.Response r = Platform.get(Platform.MAIL_API + "/api/user/"
                + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/");
        if (r.status() != 200) {
            return List.of();
        }
        List<MimeMessage> messages = new ArrayList<>();
        for (JsonNode m : r.json()) {
            try {
                messages.add(new MimeMessage(SESSION, new ByteArrayInputStream(
                        m.path("mimeMessage").asText().getBytes(StandardCharsets.ISO_8859_1))));
            } catch (MessagingException e) {
                throw new AssertionError("the mail catcher holds a message that is not MIME: " + e.getMessage(), e);
            }
        }
        return messages;
    }

    /** All mail in the catcher, raw, for the no-plaintext sweep. */
    static List<String> everyRawMessage() {
        List<String> raw = new ArrayList<>();
        Platform.Response users = Platform.get(Platform.MAIL_API + "/api/user");
        if (users.status() == 200) {
            for (JsonNode user : users.json()) {
                Platform.Response r = Platform.get(Platform.MAIL_API + "/api/user/"
                        + URLEncoder.encode(user.path("email").asText(), StandardCharsets.UTF_8) + "/messages/");
                if (r.status() == 200) {
                    r.json().forEach(m -> raw.add(m.path("mimeMessage").asText()));
                }
            }
        }
        return raw;
    }

    /** The text of every {@code text/*} part. */
    static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/*")) {
            return String.valueOf(part.getContent());
        }
        StringBuilder out = new StringBuilder();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                out.append(text(multipart.getBodyPart(i))).append('\n');
            }
        }
        return out.toString();
    }

    /** Every PNG part (inline or attached), decoded as a QR code: what a phone's camera would read. */
    static List<String> qrCodes(Part part) throws MessagingException, IOException {
        List<String> codes = new ArrayList<>();
        if (part.isMimeType("image/png")) {
            try (InputStream in = part.getInputStream()) {
                codes.add(decodeQr(ImageIO.read(in)));
            }
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                codes.addAll(qrCodes(child));
            }
        }
        return codes;
    }

    private static String decodeQr(BufferedImage image) {
        if (image == null) {
            throw new AssertionError("an image/png part is not a PNG");
        }
        try {
            return new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(image))),
                    Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException e) {
            throw new AssertionError("a PNG in the e-mail is not a readable QR code", e);
        }
    }
}
