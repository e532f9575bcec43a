package dev.esim.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.esim.events.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Judges the run from the outside: for every journey, what the order API, the provider's counters, the activations
 * topic, the traveller's inbox and the payment gateway it paid through (Stripe or GOV.UK Pay, {@link GatewayBooks})
 * say, against what its intent makes lawful. Each broken promise is one violation naming the order.
 */
final class Verdict {

    /** The promises, in the order the report prints them. */
    static final List<String> PROMISES = List.of(
            "paid order ends active or refunded",
            "one eSIM per paid order",
            "one ActivationReady per active order",
            "one activation e-mail per ActivationReady",
            "one refund e-mail per refunded order",
            "one top-up per paid top-up",
            "no eSIM without a matching payment",
            "mismatched payment sent back once",
            "payment at the gateway matches its order",
            "refunded order refunded once by its gateway",
            "no eSIM the tool did not pay for",
            "conservation audit finds nothing",
            "no plaintext e-mail or LPA in topics or logs");

    private static final Pattern SUBJECT = Pattern.compile("(?m)^Subject: (.*(?:\\r?\\n[ \\t].*)*)");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*(<[^>]+>)");
    private static final Pattern DATE = Pattern.compile("(?m)^Date: (.*)$");
    private static final Pattern LPA = Pattern.compile("LPA:1\\$[A-Za-z0-9.\\-]+\\$[A-Za-z0-9\\-]+");

    private final Map<String, List<String>> violations = new LinkedHashMap<>();
    private final List<Long> webhookToMailMillis = new ArrayList<>();
    private final Map<String, Integer> endStates = new TreeMap<>();
    private final List<String> refundedAfterInstall = new ArrayList<>();
    /** Per gateway: payments it reports taken, and refunds it made, of the run's orders and top-ups. */
    private final Map<String, Integer> paymentsTaken = new TreeMap<>();
    private final Map<String, Integer> gatewayRefunds = new TreeMap<>();
    private long resentCopies;

    Verdict() {
        PROMISES.forEach(p -> violations.put(p, new ArrayList<>()));
    }

    void judge(Outside outside, List<Journey> journeys, List<String> auditFindings, Path logs) throws IOException {
        Map<String, Map<String, Integer>> activations = activationKinds();
        JsonNode issued = Outside.profilesIssued(outside.providerStats());
        GatewayBooks books = GatewayBooks.read(outside);
        Map<String, Integer> refundsByPayment = books.stripeRefundCounts();
        Set<String> paidOrders = new LinkedHashSet<>();
        Set<String> secrets = new LinkedHashSet<>();
        for (Journey j : journeys) {
            if (j.orderId == null) {
                endStates.merge("not created (" + j.intent.name().toLowerCase(Locale.ROOT) + ")", 1, Integer::sum);
                continue;
            }
            secrets.add(j.email);
            List<String> mail = outside.rawMailTo(j.email);
            mail.forEach(m -> secrets.addAll(lpas(m)));
            JsonNode order = outside.order(j.orderId).json();
            String status = order.path("status").asText("unknown");
            endStates.merge(j.intent.name().toLowerCase(Locale.ROOT) + (j.viaGovUkPay() ? " (govukpay)" : "")
                    + " → " + status, 1, Integer::sum);
            money(outside, books, j, j.sessionId, j.orderId, j.paid(), status, order.path("total"),
                    j.disputeOutcome != null);
            if (j.topUpOrderId != null) {
                JsonNode topUp = outside.order(j.topUpOrderId).json();
                money(outside, books, j, j.topUpSessionId, j.topUpOrderId, j.topUpPaidAt != null,
                        topUp.path("status").asText("unknown"), topUp.path("total"), false);
            }
            Map<String, Integer> kinds = activations.getOrDefault(j.orderId, Map.of());
            int profiles = issued.path(j.orderId).asInt(0);
            int ready = kinds.getOrDefault("ActivationReady", 0);
            List<String> readyMail = mail.stream().filter(m -> isActivationMail(subject(m))).toList();
            long readyMails = distinctMessages(readyMail);
            long refundMails = distinctMessages(mail.stream().filter(m -> isRefundMail(subject(m))).toList());
            resentCopies += readyMail.size() - readyMails;
            if (j.paid()) {
                paidOrders.add(j.orderId);
                if (!status.equals("active") && !status.equals("refunded")) {
                    fail(0, j, "status " + status);
                }
                if (profiles > 1 || status.equals("active") && profiles != 1) {
                    fail(1, j, profiles + " profiles issued, status " + status);
                }
                if (ready > 1 || status.equals("active") && ready != 1) {
                    fail(2, j, ready + " ActivationReady, status " + status);
                }
                if (readyMails != ready || copiesOfOneMessage(readyMail) > 2) {
                    fail(3, j, readyMails + " activation e-mails (" + readyMail.size() + " copies) for " + ready
                            + " ActivationReady");
                }
                // a chargeback is the bank's refund, not ours: the traveller hears from their bank, not from us
                boolean disputed = j.disputeOutcome != null;
                if (status.equals("refunded") && refundMails != (disputed ? 0 : 1)) {
                    fail(4, j, refundMails + " refund e-mails" + (disputed ? " for a chargeback" : ""));
                }
                if (disputed && !j.disputeOutcome.equals("needs_response")
                        && !status.equals(j.chargedBack() ? "refunded" : "active")) {
                    fail(0, j, "status " + status + " after a chargeback " + j.disputeOutcome);
                }
                if (status.equals("active") && readyMails == 1) {
                    readyMail.stream().findFirst()
                            .flatMap(Verdict::sentAt)
                            .ifPresent(at -> webhookToMailMillis.add(Duration.between(j.paidAt, at).toMillis()));
                }
                if (j.topUpOrderId != null) {
                    paidOrders.add(j.topUpOrderId);
                    String topUpStatus = outside.order(j.topUpOrderId).json().path("status").asText("unknown");
                    int applied = activations.getOrDefault(j.topUpOrderId, Map.of()).getOrDefault("TopUpApplied", 0);
                    if (topUpStatus.equals("active") ? applied != 1 : applied > 1
                            || issued.path(j.topUpOrderId).asInt(0) != 0) {
                        fail(5, j, "top-up " + j.topUpOrderId + " " + topUpStatus + " with " + applied
                                + " TopUpApplied and " + issued.path(j.topUpOrderId).asInt(0) + " new profiles");
                    }
                }
            } else if (j.intent == Journey.Intent.DECLINE || j.intent == Journey.Intent.MISMATCH) {
                if (profiles != 0 || ready != 0 || status.equals("active")) {
                    fail(6, j, profiles + " profiles, " + ready + " ActivationReady, status " + status);
                }
                if (j.intent == Journey.Intent.MISMATCH && j.linkSessionId != null) {
                    String intent = outside.checkoutSession(j.linkSessionId).json().path("payment_intent").asText();
                    int refunds = refundsByPayment.getOrDefault(intent, 0);
                    if (refunds != 1) {
                        fail(7, j, "payment " + intent + " refunded " + refunds + " times");
                    }
                }
            }
        }
        Set<String> govUkPaySessions = new HashSet<>();
        Set<String> orders = new HashSet<>();
        for (Journey j : journeys) {
            if (j.viaGovUkPay()) {
                Stream.of(j.sessionId, j.topUpSessionId).filter(Objects::nonNull)
                        .forEach(govUkPaySessions::add);
            }
            Stream.of(j.orderId, j.topUpOrderId).filter(Objects::nonNull).forEach(orders::add);
        }
        violations.get(PROMISES.get(8)).addAll(books.govUkPayPaymentsOfNoCheckout(govUkPaySessions, orders));
        violations.get(PROMISES.get(9)).addAll(books.govUkPayRefundsOfNoCheckout(govUkPaySessions));
        issued.properties().forEach(e -> {
            if (!paidOrders.contains(e.getKey()) && e.getValue().asInt() > 0) {
                violations.get(PROMISES.get(10)).add(e.getKey() + ": " + e.getValue().asInt() + " profiles");
            }
        });
        Map<String, Journey> byOrder = new HashMap<>();
        journeys.stream().filter(j -> j.orderId != null).forEach(j -> byOrder.put(j.orderId, j));
        for (String finding : auditFindings) {
            if (refundOfAnInstalledLine(outside, finding, byOrder)) {
                refundedAfterInstall.add(Outside.JSON.readTree(finding).path("order_id").asText());
            } else {
                violations.get(PROMISES.get(11)).add(finding);
            }
        }
        violations.get(PROMISES.get(12)).addAll(plaintext(secrets, logs));
    }

    /**
     * The one finding the law allows: the money went back for an order whose line the traveller had already installed,
     * so the provider refused to cancel it — support's goodwill refund, or a chargeback the bank decided against us
     * after the install (a loss to the shop, which the audit must report). True only when the tool asked for that
     * refund or saw that chargeback, and the provider says every line of the order is installed.
     */
    private static boolean refundOfAnInstalledLine(Outside outside, String finding, Map<String, Journey> byOrder)
            throws IOException {
        JsonNode f;
        try {
            f = Outside.JSON.readTree(finding);
        } catch (IOException e) {
            return false;
        }
        Journey j = byOrder.get(f.path("order_id").asText());
        if (!"refunded_but_delivered".equals(f.path("finding").asText()) || j == null
                || !j.refundRequested && !j.chargedBack()) {
            return false;
        }
        JsonNode iccids = outside.order(j.orderId).json().path("iccids");
        if (iccids.isEmpty()) {
            return false;
        }
        for (JsonNode iccid : iccids) {
            if (!outside.providerLine(iccid.asText()).path("installed").asBoolean(false)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One order's (or top-up's) money at the gateway it was paid through: the payment taken exactly when the
     * traveller paid, naming the order, for its total; refunded there once, in full, exactly when the order ended
     * {@code refunded} other than by a chargeback. Read from Stripe or GOV.UK Pay alike, so neither gateway's orders
     * go unchecked.
     */
    private void money(Outside outside, GatewayBooks books, Journey j, String sessionId, String orderId,
            boolean paidByTool, String status, JsonNode total, boolean disputed) {
        if (sessionId == null) {
            if (paidByTool) {
                fail(8, j, orderId + ": the checkout named no payment to look up at " + j.gateway);
            }
            return;
        }
        GatewayBooks.Payment payment = books.payment(outside, j.gateway, sessionId);
        if (payment != null && payment.taken()) {
            paymentsTaken.merge(j.gateway, 1, Integer::sum);
        }
        if (payment != null) {
            gatewayRefunds.merge(j.gateway, payment.refunds().size(), Integer::sum);
        }
        GatewayBooks.Findings findings = GatewayBooks.judge(payment, sessionId, orderId, paidByTool, status, total,
                disputed);
        String which = orderId.equals(j.orderId) ? "" : "top-up " + orderId + ": ";
        findings.payment().forEach(f -> fail(8, j, which + f));
        findings.refunds().forEach(f -> fail(9, j, which + f));
    }

    /** Per gateway, the payments it reports taken for the run's orders and top-ups. */
    Map<String, Integer> paymentsTaken() {
        return paymentsTaken;
    }

    /** Per gateway, the refunds it made of those payments (each refund id once). */
    Map<String, Integer> gatewayRefunds() {
        return gatewayRefunds;
    }

    /** Orders refunded or charged back after their line was installed: lawful, counted, not violations. */
    List<String> refundedAfterInstall() {
        return refundedAfterInstall;
    }

    private void fail(int promise, Journey j, String detail) {
        violations.get(PROMISES.get(promise)).add(j + ": " + detail);
    }

    Map<String, List<String>> violations() {
        return violations;
    }

    long violationCount() {
        return violations.values().stream().mapToLong(List::size).sum();
    }

    List<Long> webhookToMailMillis() {
        return webhookToMailMillis;
    }

    Map<String, Integer> endStates() {
        return endStates;
    }

    /**
     * Per order id, how many distinct events of each kind {@code esim.activations.v1} holds. Distinct by event id:
     * support's replay of the topic puts copies of the same events on it, which every consumer recognises as such.
     */
    private static Map<String, Map<String, Integer>> activationKinds() {
        Map<String, Map<String, Set<String>>> ids = new HashMap<>();
        for (ConsumerRecord<String, SpecificRecord> r : Outside.avro(Topics.ACTIVATIONS.name())) {
            SpecificRecord envelope = r.value();
            SpecificRecord payload = (SpecificRecord) envelope.get(envelope.getSchema().getField("payload").pos());
            String eventId = String.valueOf(envelope.get(envelope.getSchema().getField("event_id").pos()));
            ids.computeIfAbsent(r.key(), k -> new HashMap<>())
                    .computeIfAbsent(payload.getSchema().getName(), k -> new HashSet<>()).add(eventId);
        }
        Map<String, Map<String, Integer>> kinds = new HashMap<>();
        ids.forEach((order, byKind) -> byKind.forEach((kind, events) -> kinds.computeIfAbsent(order,
                k -> new HashMap<>()).put(kind, events.size())));
        return kinds;
    }

    /**
     * Distinct e-mails by Message-ID. notification-service's documented promise is one e-mail per event, with at most
     * one resent copy after a crash between the SMTP server's acceptance and its own record of it — a copy that
     * carries the same Message-ID, which mail clients collapse into one message.
     */
    static long distinctMessages(List<String> rawMimes) {
        return rawMimes.stream().map(Verdict::messageId).distinct().count();
    }

    /** The most copies any one Message-ID arrived in. */
    static long copiesOfOneMessage(List<String> rawMimes) {
        return rawMimes.stream().collect(java.util.stream.Collectors.groupingBy(Verdict::messageId,
                java.util.stream.Collectors.counting())).values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The Message-ID header, or the whole message when it has none (then every copy counts as its own e-mail). */
    private static String messageId(String rawMime) {
        Matcher m = MESSAGE_ID.matcher(rawMime);
        return m.find() ? m.group(1) : rawMime;
    }

    /** Copies of an e-mail delivered again with the same Message-ID (the SMTP crash window), over the run. */
    long resentCopies() {
        return resentCopies;
    }

    /** notification-service's activation e-mail, by its subject (as {@link #subject} gives it). */
    static boolean isActivationMail(String subject) {
        return subject.contains("scan to install");
    }

    /** notification-service's refund e-mail, by its subject. */
    static boolean isRefundMail(String subject) {
        return subject.contains("refund of");
    }

    /** The subject, unfolded, with Q-encoding's underscores read as spaces, lower case. */
    static String subject(String rawMime) {
        Matcher m = SUBJECT.matcher(rawMime);
        return m.find() ? m.group(1).replaceAll("\\r?\\n[ \\t]+", " ").replace('_', ' ').toLowerCase(Locale.ROOT)
                : "";
    }

    private static java.util.Optional<java.time.Instant> sentAt(String rawMime) {
        Matcher m = DATE.matcher(rawMime);
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        try {
            // JavaMail appends a comment, e.g. "+0000 (UTC)", which RFC 1123's parser does not take
            String date = m.group(1).replaceAll("\\s*\\(.*\\)\\s*$", "").trim();
            return java.util.Optional.of(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    /** The LPA strings a message shows (quoted-printable soft line breaks joined first). */
    static Set<String> lpas(String rawMime) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = LPA.matcher(rawMime.replace("=\r\n", "").replace("=\n", "").replace("=24", "$"));
        while (m.find()) {
            found.add(m.group());
            found.add(m.group().substring(m.group().lastIndexOf('$') + 1)); // the activation code alone
        }
        return found;
    }

    /** Every topic's raw bytes and every log file, searched for each address, LPA and activation code. */
    private static List<String> plaintext(Set<String> secrets, Path logs) throws IOException {
        Needles needles = new Needles(secrets);
        List<String> leaks = new ArrayList<>();
        for (String topic : Outside.topics()) {
            if (topic.startsWith("_")) {
                continue;
            }
            for (ConsumerRecord<String, byte[]> r : Outside.bytes(topic)) {
                StringBuilder text = new StringBuilder().append(r.key()).append('\n');
                if (r.value() != null) {
                    text.append(new String(r.value(), StandardCharsets.ISO_8859_1));
                }
                r.headers().forEach(h -> text.append(h.key()).append('=').append(h.value() == null ? ""
                        : new String(h.value(), StandardCharsets.ISO_8859_1)));
                needles.in(text).forEach(secret -> leaks.add(topic + "@" + r.partition() + ":" + r.offset()
                        + " holds " + redact(secret)));
            }
        }
        try (Stream<Path> files = Files.list(logs)) {
            // the mail catcher's own log is the traveller's mailbox, not ours
            for (Path file : files.filter(f -> Files.isRegularFile(f) && !f.endsWith("mail.log")).toList()) {
                needles.in(Files.readString(file, StandardCharsets.ISO_8859_1))
                        .forEach(secret -> leaks.add(file.getFileName() + " holds " + redact(secret)));
            }
        }
        return leaks;
    }

    /**
     * Finds many secrets in large texts in one pass per kind: every secret of a kind contains the same marker
     * ({@code @} in an address, {@code LPA:1$} in an LPA, {@code ACT-} in an activation code) at a known offset, so
     * only the text around each marker is looked up — not every secret searched for in every record.
     */
    static final class Needles {

        private record Shape(String marker, int offset, int length) {
        }

        private static final List<String> MARKERS = List.of("LPA:1$", "ACT-", "@");

        private final Map<Shape, Set<String>> byShape = new HashMap<>();
        private final List<String> unshaped = new ArrayList<>();

        Needles(Set<String> secrets) {
            for (String secret : secrets) {
                String marker = MARKERS.stream().filter(secret::contains).findFirst().orElse(null);
                if (marker == null) {
                    unshaped.add(secret);
                } else {
                    byShape.computeIfAbsent(new Shape(marker, secret.indexOf(marker), secret.length()),
                            k -> new HashSet<>()).add(secret);
                }
            }
        }

        Set<String> in(CharSequence text) {
            String haystack = text.toString();
            Set<String> found = new LinkedHashSet<>();
            byShape.forEach((shape, set) -> {
                for (int at = haystack.indexOf(shape.marker()); at >= 0;
                     at = haystack.indexOf(shape.marker(), at + 1)) {
                    int from = at - shape.offset();
                    if (from >= 0 && from + shape.length() <= haystack.length()) {
                        String candidate = haystack.substring(from, from + shape.length());
                        if (set.contains(candidate)) {
                            found.add(candidate);
                        }
                    }
                }
            });
            unshaped.stream().filter(haystack::contains).forEach(found::add);
            return found;
        }
    }

    /** Enough to find it again, not enough to use it. */
    private static String redact(String secret) {
        return secret.substring(0, Math.min(8, secret.length())) + "…";
    }
}
