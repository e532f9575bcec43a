package dev.esim.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.esim.events.serde.ConfluentAvroDeserializer;
import dev.esim.localstack.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The platform as its users see it, and nothing more: catalog-service's API, the sandbox gateway's checkout page and
 * API, the GOV.UK Pay stand-in's payment page, API and admin listing of its messages, the provider simulator's admin
 * API, ingress's webhook endpoints, the mail catcher and the Kafka topics read {@code read_committed}. The chaos
 * tool neither reads a service's database nor calls into its code.
 */
final class Outside {

    static final String CATALOG = "http://localhost:" + LocalStack.CATALOG_PORT;
    static final String SANDBOX = "http://localhost:" + LocalStack.SANDBOX_PORT;
    static final String INGRESS = "http://localhost:" + LocalStack.INGRESS_PORT;
    static final String MAIL_API = "http://localhost:" + LocalStack.MAIL_API_PORT;
    static final String KAFKA = "localhost:" + LocalStack.KAFKA_PORT;
    static final String REGISTRY = "http://localhost:" + LocalStack.REGISTRY_PORT;
    /** The local stack's sandbox secrets (LocalStack's defaults): never a real gateway's. */
    static final String STRIPE_WEBHOOK_SECRET = "whsec_sandbox_local_only_do_not_use_in_production";
    static final String STRIPE_API_KEY = "sk_test_sandbox_local";
    static final String SUPPORT_TOKEN = "support_sandbox_token_local";
    /**
     * GOV.UK Pay's sandbox key and the secret its stand-in signs messages with: what the local stack configures —
     * the launcher's {@code GOVUKPAY_API_KEY} / {@code GOVUKPAY_WEBHOOK_SECRETS} (the first of the list signs), else
     * the documented sandbox values.
     */
    static final String GOVUKPAY_API_KEY = firstOf(System.getenv("GOVUKPAY_API_KEY"),
            "api_test_sandbox_govukpay_local");
    static final String GOVUKPAY_WEBHOOK_SECRET = firstOf(System.getenv("GOVUKPAY_WEBHOOK_SECRETS"),
            "govukpay_whsec_sandbox_local_only");
    /** The simulated providers and their API keys: the primary, then the one the worker fails over to. */
    static final Map<String, String> PROVIDERS = providers();

    static final ObjectMapper JSON = new ObjectMapper();

    /** Order id → the order token its checkout answered with. */
    private final Map<String, String> orderTokens = new java.util.concurrent.ConcurrentHashMap<>();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    // ---- catalog-service ----

    Response catalogue() {
        return get(CATALOG + "/v1/catalog");
    }

    Response checkout(String idempotencyKey, String email, String sku) {
        return checkout(idempotencyKey, email, sku, null);
    }

    /** @param gateway the {@code payment_gateway} to ask for ({@code govukpay}), or null to let catalog choose */
    Response checkout(String idempotencyKey, String email, String sku, String gateway) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("customer").put("email", email).put("country", "US");
        body.putArray("items").addObject().put("sku", sku).put("quantity", 1);
        body.put("success_url", "https://example.com/thanks?session={SESSION_ID}");
        body.put("cancel_url", "https://example.com/cancelled");
        if (gateway != null) {
            body.put("payment_gateway", gateway);
        }
        return remembered(post(CATALOG + "/v1/checkout/sessions", body.toString(),
                Map.of("Idempotency-Key", idempotencyKey)));
    }

    /** @param gateway as for {@link #checkout(String, String, String, String)} */
    Response topUp(String idempotencyKey, String email, String iccid, String sku, String gateway) {
        ObjectNode body = JSON.createObjectNode();
        body.put("iccid", iccid).put("sku", sku);
        body.putObject("customer").put("email", email);
        body.put("success_url", "https://example.com/thanks");
        body.put("cancel_url", "https://example.com/cancelled");
        if (gateway != null) {
            body.put("payment_gateway", gateway);
        }
        return remembered(post(CATALOG + "/v1/topups", body.toString(), Map.of("Idempotency-Key", idempotencyKey)));
    }

    /** @param goodwill support refunds even though the traveller installed the line (they keep it) */
    Response refund(String orderId, boolean goodwill) {
        ObjectNode body = JSON.createObjectNode().put("order_id", orderId).put("reason", "chaos: changed plans");
        if (goodwill) {
            body.put("goodwill", true);
        }
        return post(CATALOG + "/v1/refunds", body.toString(), Map.of("Idempotency-Key",
                "chaos-refund-" + (goodwill ? "goodwill-" : "") + orderId, "Authorization", "Bearer " + SUPPORT_TOKEN));
    }

    Response order(String orderId) {
        String token = orderTokens.get(orderId);
        return get(CATALOG + "/v1/orders/" + orderId + (token == null ? "" : "?token=" + token));
    }

    /** Keeps the order token a checkout answered with: reading the order needs it, as the traveller's link has it. */
    private Response remembered(Response created) {
        if (created.status() / 100 == 2) {
            JsonNode json = created.json();
            if (json.hasNonNull("order_id") && json.hasNonNull("order_token")) {
                orderTokens.put(json.path("order_id").asText(), json.path("order_token").asText());
            }
        }
        return created;
    }

    // ---- the sandbox gateway ----

    /**
     * What the checkout page's button does: a form POST of {@code action} (pay, decline, …). The same for both
     * gateways' pages: Stripe's {@code /pay/{session}} and GOV.UK Pay's {@code next_url}; both answer 303.
     */
    Response clickOnCheckoutPage(String paymentUrl, String action) {
        return send(HttpRequest.newBuilder(URI.create(paymentUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=" + URLEncoder.encode(action,
                        StandardCharsets.UTF_8))));
    }

    /** A session made at the gateway directly, naming {@code orderId}: a payment link of another amount. */
    Response foreignCheckoutSession(String orderId, long amountMinor, String currency) {
        return stripeApi("/v1/checkout/sessions", Map.of("mode", "payment",
                "line_items[0][quantity]", "1",
                "line_items[0][price_data][currency]", currency,
                "line_items[0][price_data][unit_amount]", Long.toString(amountMinor),
                "line_items[0][price_data][product_data][name]", "A payment link",
                "client_reference_id", orderId,
                "metadata[order_id]", orderId,
                "success_url", "https://example.com/thanks",
                "cancel_url", "https://example.com/cancelled"));
    }

    /**
     * One page of the gateway's events, newest first ({@code GET /stripe/v1/events}); {@code type} may end in a
     * wildcard ({@code refund.*}), null for every type.
     */
    Response gatewayEvents(String type, String startingAfter) {
        return send(HttpRequest.newBuilder(URI.create(SANDBOX + "/stripe/v1/events?limit=100"
                        + (type == null ? "" : "&type=" + type)
                        + (startingAfter == null ? "" : "&starting_after=" + startingAfter)))
                .header("Authorization", "Bearer " + STRIPE_API_KEY).GET());
    }

    /**
     * The payer's bank disputes the payment of {@code paymentIntentId} and decides it at once ({@code lost} or
     * {@code won}): the sandbox gateway's test helper, which sends {@code charge.dispute.created} and {@code .closed}.
     */
    Response dispute(String paymentIntentId, String outcome) {
        return stripeApi("/v1/test_helpers/disputes", Map.of("payment_intent", paymentIntentId,
                "reason", "fraudulent", "status", outcome));
    }

    Response checkoutSession(String sessionId) {
        return send(HttpRequest.newBuilder(URI.create(SANDBOX + "/stripe/v1/checkout/sessions/" + sessionId))
                .header("Authorization", "Bearer " + STRIPE_API_KEY).GET());
    }

    private Response stripeApi(String path, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(SANDBOX + "/stripe" + path))
                .header("Authorization", "Bearer " + STRIPE_API_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    // ---- the GOV.UK Pay stand-in ----

    /** {@code GET /govukpay/v1/payments/{id}}: the payment as it is now (state, amount, reference, refund summary). */
    Response govUkPayPayment(String paymentId) {
        return govUkPayApi("/v1/payments/" + paymentId);
    }

    /** {@code GET /govukpay/v1/payments/{id}/refunds}: the payment's refunds, in {@code _embedded.refunds}. */
    Response govUkPayRefundsOf(String paymentId) {
        return govUkPayApi("/v1/payments/" + paymentId + "/refunds");
    }

    /**
     * One page (from 1, 500 a page, newest first) of GOV.UK Pay's search of {@code payments} or {@code refunds}:
     * {@code {total, count, page, results}}; {@code state} filters ({@code success}, …), null for every state.
     */
    Response govUkPaySearch(String what, String state, int page) {
        return govUkPayApi("/v1/" + what + "?display_size=500&page=" + page + (state == null ? "" : "&state=" + state));
    }

    /** Every result of a GOV.UK Pay search, all pages; null when a page could not be read. */
    List<JsonNode> govUkPaySearchAll(String what, String state) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            Response r = govUkPaySearch(what, state, page);
            if (r.status() == 404 && page > 1) {
                return all; // past the last page
            }
            if (r.status() != 200) {
                return null;
            }
            JsonNode results = r.json().path("results");
            results.forEach(all::add);
            if (results.size() < 500 || all.size() >= r.json().path("total").asLong()) {
                return all;
            }
        }
    }

    /**
     * The stand-in's admin listing of every webhook message it made, oldest first: {@code {messages: [{id,
     * event_type, resource_type, resource_id, created_date, delivery, attempts, last_status, body}]}}, {@code body}
     * being the message exactly as signed and sent.
     */
    Response govUkPayMessages() {
        return get(SANDBOX + "/govukpay/admin/messages");
    }

    private Response govUkPayApi(String path) {
        return send(HttpRequest.newBuilder(URI.create(SANDBOX + "/govukpay" + path))
                .header("Authorization", "Bearer " + GOVUKPAY_API_KEY).GET());
    }

    /** The first secret of a comma-separated list (the one a gateway signs with), else {@code fallback}. */
    static String firstOf(String list, String fallback) {
        if (list == null || list.isBlank()) {
            return fallback;
        }
        String first = list.split(",")[0].strip();
        return first.isEmpty() ? fallback : first;
    }

    // ---- the provider simulator's admin API ----

    Response providerAdmin(String path, String json) {
        return post(SANDBOX + "/provider/admin" + path, json, Map.of());
    }

    Response clearProviderFaults() {
        return send(HttpRequest.newBuilder(URI.create(SANDBOX + "/provider/admin/faults")).DELETE());
    }

    /**
     * A line as the provider that issued it sees it ({@code installed}, {@code status}), through that provider's own
     * API: the primary's, or the one the worker failed over to.
     */
    JsonNode providerLine(String iccid) {
        Response answer = null;
        for (Map.Entry<String, String> provider : PROVIDERS.entrySet()) {
            answer = patiently(() -> send(HttpRequest.newBuilder(
                            URI.create(SANDBOX + "/provider/" + provider.getKey() + "/v1/lines/" + iccid))
                    .header("Authorization", "Bearer " + provider.getValue()).GET()));
            if (answer.status() == 200) {
                break;
            }
        }
        return answer.json();
    }

    /**
     * The simulated providers rate-limit their API as real ones do, and the verdict asks about thousands of lines: a
     * 429 (or an answer lost to a restart) is waited out, up to two minutes, so that "the provider says" means what
     * the provider says and never "the provider was busy".
     */
    private static Response patiently(Supplier<Response> call) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Response r = call.get();
        while ((r.status() == 429 || r.status() < 0 || r.status() >= 500) && System.nanoTime() < deadline) {
            Traffic.sleep(Duration.ofSeconds(1));
            r = call.get();
        }
        return r;
    }

    /** Each simulated provider's counters ({@code GET /provider/admin/<name>/stats}), the primary first. */
    Map<String, JsonNode> providerStats() {
        Map<String, JsonNode> stats = new LinkedHashMap<>();
        PROVIDERS.keySet().forEach(name -> stats.put(name, get(SANDBOX + "/provider/admin/" + name + "/stats").json()));
        return stats;
    }

    /** eSIM profiles issued per reference (our order id), summed over every provider. */
    static ObjectNode profilesIssued(Map<String, JsonNode> providerStats) {
        ObjectNode issued = JSON.createObjectNode();
        providerStats.values().forEach(stats -> stats.path("profiles_issued").properties().forEach(e ->
                issued.put(e.getKey(), issued.path(e.getKey()).asInt(0) + e.getValue().asInt())));
        return issued;
    }

    private static Map<String, String> providers() {
        Map<String, String> providers = new LinkedHashMap<>();
        providers.put("simology", "sk_sandbox_simology_local");
        providers.put("roamlink", "sk_sandbox_roamlink_local");
        return providers;
    }

    // ---- payment-ingress ----

    Response stripeWebhook(String payload, String signatureHeader) {
        return send(HttpRequest.newBuilder(URI.create(INGRESS + "/webhooks/stripe"))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", signatureHeader)
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)));
    }

    /** A GOV.UK Pay message to ingress's {@code /webhooks/govukpay}, with its {@code Pay-Signature}. */
    Response govUkPayWebhook(String body, String signature) {
        return send(HttpRequest.newBuilder(URI.create(INGRESS + "/webhooks/govukpay"))
                .header("Content-Type", "application/json")
                .header("Pay-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    // ---- the mail catcher ----

    /** Every message to {@code address}, raw MIME (empty when none yet: the catcher creates users on delivery). */
    List<String> rawMailTo(String address) {
        Response r = get(MAIL_API + "/api/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/");
        List<String> raw = new ArrayList<>();
        if (r.status() == 200) {
            r.json().forEach(m -> raw.add(m.path("mimeMessage").asText()));
        }
        return raw;
    }

    // ---- plumbing ----

    Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    Response post(String url, String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return send(b);
    }

    /** Never throws for the network: a refused or timed-out call is status -1, which chaos expects to see. */
    Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, "interrupted");
        }
    }

    record Response(int status, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }
    }

    // ---- Kafka, as a downstream team reads it ----

    /** Every committed record of {@code topic}, decoded with the schemas' Confluent-wire deserializer. */
    static List<ConsumerRecord<String, SpecificRecord>> avro(String topic) {
        ConfluentAvroDeserializer deserializer = new ConfluentAvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", REGISTRY, "specific.avro.reader", true), false);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Deserializer<SpecificRecord> values = (Deserializer) deserializer;
        return read(topic, values);
    }

    static List<ConsumerRecord<String, byte[]>> bytes(String topic) {
        return read(topic, new ByteArrayDeserializer());
    }

    static Set<String> topics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            return admin.listTopics().names().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics", e);
        }
    }

    /** Sum of the topic's end offsets ({@code read_committed}: up to the last stable offset). */
    static long endOffset(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic, new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static <V> List<ConsumerRecord<String, V>> read(String topic, Deserializer<V> values) {
        try (KafkaConsumer<String, V> consumer = consumer(topic, values)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, V>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static <V> KafkaConsumer<String, V> consumer(String topic, Deserializer<V> values) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "chaos-reader-" + topic);
        return new KafkaConsumer<>(p, new StringDeserializer(), values);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }
}
