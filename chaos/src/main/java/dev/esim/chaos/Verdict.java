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

    /** Judges each journey's order against the promises its intent makes, then the run as a whole. */
    void judge(Outside outside, List<Journey> journeys, List<String> auditFindings, Path logs) throws IOException {
        Evidence evidence = Evidence.gather(outside);
        Set<String> paidOrders = new LinkedHashSet<>();
        Set<String> secrets = new LinkedHashSet<>();
        for (Journey j : journeys) {
            if (j.orderId == null) {
                endStates.merge("not created (" + j.intent.name().toLowerCase(Locale.ROOT) + ")", 1, Integer::sum);
            } else {
                judgeOrder(evidence, j, paidOrders, secrets);
            }
        }
        govUkPayMoneyOfNoCheckout(evidence.books(), journeys);
        noEsimTheToolDidNotPayFor(evidence.issued(), paidOrders);
        conservationAudit(outside, journeys, auditFindings);
        noPlaintext(secrets, logs);
    }

    /**
     * What the run's outside held once the travellers were done: the activations topic by order and kind, the
     * providers' profiles issued per order, and the gateways' books (with Stripe's refunds per payment intent).
     */
    private record Evidence(Outside outside, Map<String, Map<String, Integer>> activations, JsonNode issued,
            GatewayBooks books, Map<String, Integer> refundsByPayment) {

        static Evidence gather(Outside outside) {
            Map<String, Map<String, Integer>> activations = activationKinds();
            JsonNode issued = Outside.profilesIssued(outside.providerStats());
            GatewayBooks books = GatewayBooks.read(outside);
            return new Evidence(outside, activations, issued, books, books.stripeRefundCounts());
        }
    }

    /**
     * What the outside says of one created order: its status, the profiles issued and ActivationReady events for it,
     * and its traveller's activation e-mails (every copy, and how many distinct messages) and refund e-mails.
     */
    private record Seen(Journey j, JsonNode order, String status, int profiles, int ready, List<String> readyMail,
            long readyMails, long refundMails) {
    }

    /** One created order: its end state, its money at the gateway, then the promises its intent makes lawful. */
    private void judgeOrder(Evidence evidence, Journey j, Set<String> paidOrders, Set<String> secrets) {
        Seen seen = observe(evidence, j, secrets);
        endStates.merge(j.intent.name().toLowerCase(Locale.ROOT) + (j.viaGovUkPay() ? " (govukpay)" : "")
                + " → " + seen.status(), 1, Integer::sum);
        moneyOfOrderAndTopUp(evidence, seen);
        resentCopies += seen.readyMail().size() - seen.readyMails();
        if (j.paid()) {
            paidOrders.add(j.orderId);
            paidOrderEndsActiveOrRefunded(seen);
            oneEsimPerPaidOrder(seen);
            oneActivationReadyPerActiveOrder(seen);
            oneActivationMailPerActivationReady(seen);
            oneRefundMailPerRefundedOrder(seen);
            chargebackEndsAsTheBankDecided(seen);
            timeWebhookToMail(seen);
            if (j.topUpOrderId != null) {
                paidOrders.add(j.topUpOrderId);
                oneTopUpPerPaidTopUp(evidence, j);
            }
        } else if (j.intent == Journey.Intent.DECLINE || j.intent == Journey.Intent.MISMATCH) {
            noEsimWithoutMatchingPayment(seen);
            mismatchedPaymentSentBackOnce(evidence, j);
        }
    }

    /** Reads the order and its traveller's inbox (noting the address and its LPAs as secrets), and counts. */
    private static Seen observe(Evidence evidence, Journey j, Set<String> secrets) {
        secrets.add(j.email);
        List<String> mail = evidence.outside().rawMailTo(j.email);
        mail.forEach(m -> secrets.addAll(lpas(m)));
        JsonNode order = evidence.outside().order(j.orderId).json();
        String status = order.path("status").asText("unknown");
        Map<String, Integer> kinds = evidence.activations().getOrDefault(j.orderId, Map.of());
        int profiles = evidence.issued().path(j.orderId).asInt(0);
        int ready = kinds.getOrDefault("ActivationReady", 0);
        List<String> readyMail = mail.stream().filter(m -> isActivationMail(subject(m))).toList();
        long readyMails = distinctMessages(readyMail);
        long refundMails = distinctMessages(mail.stream().filter(m -> isRefundMail(subject(m))).toList());
        return new Seen(j, order, status, profiles, ready, readyMail, readyMails, refundMails);
    }

    /** Checks the order's money, and its top-up's, at the gateway it was paid through (promises 8 and 9). */
    private void moneyOfOrderAndTopUp(Evidence evidence, Seen seen) {
        Journey j = seen.j();
        money(evidence.outside(), evidence.books(), j, j.sessionId, j.orderId, j.paid(), seen.status(),
                seen.order().path("total"), j.disputeOutcome != null);
        if (j.topUpOrderId != null) {
            JsonNode topUp = evidence.outside().order(j.topUpOrderId).json();
            money(evidence.outside(), evidence.books(), j, j.topUpSessionId, j.topUpOrderId, j.topUpPaidAt != null,
                    topUp.path("status").asText("unknown"), topUp.path("total"), false);
        }
    }

    /** Checks that a paid order ended active or refunded. */
    private void paidOrderEndsActiveOrRefunded(Seen seen) {
        if (!seen.status().equals("active") && !seen.status().equals("refunded")) {
            fail(0, seen.j(), "status " + seen.status());
        }
    }

    /** Checks that a paid order got at most one eSIM, and exactly one when active. */
    private void oneEsimPerPaidOrder(Seen seen) {
        if (seen.profiles() > 1 || seen.status().equals("active") && seen.profiles() != 1) {
            fail(1, seen.j(), seen.profiles() + " profiles issued, status " + seen.status());
        }
    }

    /** Checks that a paid order has at most one ActivationReady, and exactly one when active. */
    private void oneActivationReadyPerActiveOrder(Seen seen) {
        if (seen.ready() > 1 || seen.status().equals("active") && seen.ready() != 1) {
            fail(2, seen.j(), seen.ready() + " ActivationReady, status " + seen.status());
        }
    }

    /** Checks one activation e-mail per ActivationReady, with at most one resent copy of it. */
    private void oneActivationMailPerActivationReady(Seen seen) {
        if (seen.readyMails() != seen.ready() || copiesOfOneMessage(seen.readyMail()) > 2) {
            fail(3, seen.j(), seen.readyMails() + " activation e-mails (" + seen.readyMail().size() + " copies) for "
                    + seen.ready() + " ActivationReady");
        }
    }

    /** Checks one refund e-mail per refunded order, and none for a chargeback (the bank's refund, not ours). */
    private void oneRefundMailPerRefundedOrder(Seen seen) {
        // a chargeback is the bank's refund, not ours: the traveller hears from their bank, not from us
        boolean disputed = seen.j().disputeOutcome != null;
        if (seen.status().equals("refunded") && seen.refundMails() != (disputed ? 0 : 1)) {
            fail(4, seen.j(), seen.refundMails() + " refund e-mails" + (disputed ? " for a chargeback" : ""));
        }
    }

    /** Checks that a decided chargeback left the order refunded when lost, active when won. */
    private void chargebackEndsAsTheBankDecided(Seen seen) {
        Journey j = seen.j();
        if (j.disputeOutcome != null && !j.disputeOutcome.equals("needs_response")
                && !seen.status().equals(j.chargedBack() ? "refunded" : "active")) {
            fail(0, j, "status " + seen.status() + " after a chargeback " + j.disputeOutcome);
        }
    }

    /** Not a check: for an active order with one activation e-mail, notes the time from payment to that e-mail. */
    private void timeWebhookToMail(Seen seen) {
        if (seen.status().equals("active") && seen.readyMails() == 1) {
            seen.readyMail().stream().findFirst()
                    .flatMap(Verdict::sentAt)
                    .ifPresent(at -> webhookToMailMillis.add(Duration.between(seen.j().paidAt, at).toMillis()));
        }
    }

    /** Checks that a paid top-up was applied once when active, never more, and issued no new profile. */
    private void oneTopUpPerPaidTopUp(Evidence evidence, Journey j) {
        String topUpStatus = evidence.outside().order(j.topUpOrderId).json().path("status").asText("unknown");
        int applied = evidence.activations().getOrDefault(j.topUpOrderId, Map.of()).getOrDefault("TopUpApplied", 0);
        if (topUpStatus.equals("active") ? applied != 1 : applied > 1
                || evidence.issued().path(j.topUpOrderId).asInt(0) != 0) {
            fail(5, j, "top-up " + j.topUpOrderId + " " + topUpStatus + " with " + applied
                    + " TopUpApplied and " + evidence.issued().path(j.topUpOrderId).asInt(0) + " new profiles");
        }
    }

    /** Checks that a declined or mismatched payment got no eSIM, no ActivationReady and no active order. */
    private void noEsimWithoutMatchingPayment(Seen seen) {
        if (seen.profiles() != 0 || seen.ready() != 0 || seen.status().equals("active")) {
            fail(6, seen.j(), seen.profiles() + " profiles, " + seen.ready() + " ActivationReady, status "
                    + seen.status());
        }
    }

    /** Checks that a mismatched payment was refunded at Stripe exactly once. */
    private void mismatchedPaymentSentBackOnce(Evidence evidence, Journey j) {
        if (j.intent == Journey.Intent.MISMATCH && j.linkSessionId != null) {
            String intent = evidence.outside().checkoutSession(j.linkSessionId).json().path("payment_intent")
                    .asText();
            int refunds = evidence.refundsByPayment().getOrDefault(intent, 0);
            if (refunds != 1) {
                fail(7, j, "payment " + intent + " refunded " + refunds + " times");
            }
        }
    }

    /** Checks that GOV.UK Pay took no payment and made no refund for anything but the run's checkouts. */
    private void govUkPayMoneyOfNoCheckout(GatewayBooks books, List<Journey> journeys) {
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
    }

    /** Checks that the providers issued no profile for an order or top-up the tool did not pay for. */
    private void noEsimTheToolDidNotPayFor(JsonNode issued, Set<String> paidOrders) {
        issued.properties().forEach(e -> {
            if (!paidOrders.contains(e.getKey()) && e.getValue().asInt() > 0) {
                violations.get(PROMISES.get(10)).add(e.getKey() + ": " + e.getValue().asInt() + " profiles");
            }
        });
    }

    /** Checks that the audit found nothing but refunds of installed lines, which it counts apart. */
    private void conservationAudit(Outside outside, List<Journey> journeys, List<String> auditFindings)
            throws IOException {
        Map<String, Journey> byOrder = new HashMap<>();
        journeys.stream().filter(j -> j.orderId != null).forEach(j -> byOrder.put(j.orderId, j));
        for (String finding : auditFindings) {
            if (refundOfAnInstalledLine(outside, finding, byOrder)) {
                refundedAfterInstall.add(Outside.JSON.readTree(finding).path("order_id").asText());
            } else {
                violations.get(PROMISES.get(11)).add(finding);
            }
        }
    }

    /** Checks that no topic and no log holds a traveller's address, LPA or activation code in plain text. */
    private void noPlaintext(Set<String> secrets, Path logs) throws IOException {
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
