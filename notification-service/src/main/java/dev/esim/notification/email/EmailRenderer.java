package dev.esim.notification.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.samskivert.mustache.Mustache;

/**
 * Renders a {@link Notice} into a multipart e-mail from the Mustache templates under {@code templates/email/}: one
 * {@code .txt} and one {@code .html} per {@link Template}. The activation e-mail also gets its QR code, drawn here
 * from the LPA string and attached inline ({@code cid:}), so it shows without loading remote images.
 */
public final class EmailRenderer {

    static final String QR_CONTENT_ID = "esim-qr";
    private static final String TEMPLATE_ROOT = "templates/email/";
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String from;
    private final OrderLinks orderLinks;
    private final TopUpLinks topUpLinks;
    private final int qrSize;
    private final Map<Template, com.samskivert.mustache.Template> text = new EnumMap<>(Template.class);
    private final Map<Template, com.samskivert.mustache.Template> html = new EnumMap<>(Template.class);

    /**
     * @param orderLinks         each order's "check your order" link, token included
     * @param topUpLinks         where a traveller tops up a line (the shop's page)
     * @param qrSize             QR image width and height in pixels
     */
    public EmailRenderer(String from, OrderLinks orderLinks, TopUpLinks topUpLinks, int qrSize) {
        this.orderLinks = orderLinks;
        this.topUpLinks = topUpLinks;
        this.from = Objects.requireNonNull(from, "from");
        this.qrSize = qrSize;
        Mustache.TemplateLoader loader = name -> reader(TEMPLATE_ROOT + name + ".mustache");
        Mustache.Compiler htmlCompiler = Mustache.compiler().withLoader(loader).nullValue("").emptyStringIsFalse(true);
        Mustache.Compiler textCompiler = htmlCompiler.escapeHTML(false);
        for (Template template : Template.values()) {
            text.put(template, compile(textCompiler, template.id() + ".txt"));
            html.put(template, compile(htmlCompiler, template.id() + ".html"));
        }
    }

    /**
     * @param to  the decrypted recipient address
     * @param lpa the decrypted activation string; required for {@link Template#ACTIVATION_READY}, ignored otherwise
     */
    public OutgoingEmail render(String messageId, String to, String orderId, Notice notice, Lpa lpa) {
        Map<String, Object> model = new HashMap<>();
        model.put("orderId", orderId);
        model.put("orderStatusUrl", orderLinks.of(orderId));
        List<OutgoingEmail.InlineImage> images = new ArrayList<>();
        String subject;
        // Java 17: no pattern matching for switch yet, hence the instanceof chain over the sealed Notice.
        if (notice instanceof Notice.ActivationReady ready) {
            Objects.requireNonNull(lpa, "an activation e-mail needs its LPA string");
            model.put("planName", ready.plan().name());
            model.put("coverage", countries(ready.plan().coverage()));
            model.put("dataAllowance", dataAmount(ready.plan().dataAllowanceMb()));
            model.put("validityDays", ready.plan().validityDays());
            model.put("planDetailsUrl", ready.plan().termsUrl());
            model.put("validFrom", format(ready.validFrom()));
            model.put("validUntil", format(ready.validUntil()));
            model.put("iccid", ready.iccid());
            model.put("lpa", lpa.value());
            model.put("smdpAddress", lpa.smdpAddress());
            model.put("activationCode", lpa.activationCode());
            model.put("qrContentId", QR_CONTENT_ID);
            images.add(new OutgoingEmail.InlineImage(QR_CONTENT_ID, "image/png", QrCodes.png(lpa.value(), qrSize)));
            subject = "Your eSIM for " + ready.plan().name() + " is ready: scan to install";
        } else if (notice instanceof Notice.ProvisioningFailed failed) {
            model.put("planName", failed.planName());
            model.put("explanation", explain(failed.reasonCode()));
            subject = "We could not issue your eSIM for " + failed.planName();
        } else if (notice instanceof Notice.TopUpApplied topUp) {
            model.put("planName", topUp.planName());
            model.put("iccid", topUp.iccid());
            model.put("dataAdded", dataAmount(topUp.dataAddedMb()));
            model.put("validUntil", format(topUp.validUntil()));
            subject = "Your top-up of " + dataAmount(topUp.dataAddedMb()) + " has been added";
        } else if (notice instanceof Notice.LineCancelled cancelled) {
            model.put("iccid", cancelled.iccid());
            model.put("refundExpected", cancelled.refundExpected());
            subject = "Your eSIM has been cancelled";
        } else if (notice instanceof Notice.LineUsage usage) {
            model.put("iccid", usage.iccid());
            model.put("planName", usage.planName());
            model.put("percent", usage.percent());
            model.put("allUsed", usage.percent() >= 100);
            model.put("remaining", dataAmount(Math.max(0, usage.remainingMb())));
            model.put("topUpUrl", topUpLinks.of(usage.iccid()));
            subject = usage.percent() >= 100 ? "Your eSIM's data is used up: top up to stay online"
                    : "You have used " + usage.percent() + " % of your eSIM's data";
        } else if (notice instanceof Notice.LineExpiring expiring) {
            model.put("iccid", expiring.iccid());
            model.put("planName", expiring.planName());
            model.put("expiresAt", format(expiring.expiresAt()));
            model.put("topUpUrl", topUpLinks.of(expiring.iccid()));
            subject = "Your eSIM expires soon";
        } else if (notice instanceof Notice.RefundSucceeded refund) {
            model.put("amount", money(refund.amountMinor(), refund.currency()));
            model.put("planName", refund.planName());
            subject = "Your refund of " + money(refund.amountMinor(), refund.currency()) + " is on its way";
        } else {
            throw new IllegalArgumentException("No template for " + notice.getClass().getSimpleName());
        }
        model.put("title", subject);
        Template template = notice.template();
        return new OutgoingEmail(messageId, from, to, subject,
                text.get(template).execute(model), html.get(template).execute(model), images);
    }

    /** Plain-language reasons; the provider's own error text is for support, never for the traveller. */
    static String explain(String reasonCode) {
        return switch (reasonCode == null ? "" : reasonCode) {
            case "out_of_stock" -> "This plan is temporarily sold out at our network partner.";
            case "provider_rejected" -> "Our network partner could not accept this order.";
            default -> "Our network partner could not issue your eSIM just now.";
        };
    }

    /** 5120 MB reads "5 GB", 1536 MB "1.5 GB", 500 MB "500 MB": how plans are advertised. */
    static String dataAmount(long megabytes) {
        if (megabytes < 0) {
            return "Unlimited data";
        }
        if (megabytes < 1024) {
            return megabytes + " MB";
        }
        BigDecimal gigabytes = BigDecimal.valueOf(megabytes).divide(BigDecimal.valueOf(1024), 1,
                java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return gigabytes.toPlainString() + " GB";
    }

    static String money(long amountMinor, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(amountMinor).movePointLeft(digits).setScale(digits).toPlainString() + " " + currency;
    }

    /** ISO country codes become names ("FR" → "France"); region names pass through. */
    static String countries(List<String> coverage) {
        return String.join(", ", coverage.stream()
                .map(code -> code.length() == 2
                        ? new Locale("", code.toUpperCase(Locale.ROOT)).getDisplayCountry(Locale.ENGLISH)
                        : code)
                .toList());
    }

    private static String format(Instant instant) {
        return instant == null ? null : DATE_TIME.format(instant);
    }

    private static com.samskivert.mustache.Template compile(Mustache.Compiler compiler, String name) {
        try (Reader source = reader(TEMPLATE_ROOT + name + ".mustache")) {
            return compiler.compile(source);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Reader reader(String resource) {
        InputStream in = EmailRenderer.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Missing e-mail template " + resource);
        }
        try (in) {
            return new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
