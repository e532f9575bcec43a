package dev.esim.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.annotations.SerializedName;
import com.stripe.Stripe;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;
import com.stripe.net.Webhook;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StripeEventsTest {

    private static final String SECRET = "whsec_sandbox_local_only_do_not_use_in_production";

    static Iterable<String> types() {
        return StripeEvents.TYPES;
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyEventParsesInStripeJavaIntoItsTypedObject(String type) throws Exception {
        // given
        String json = StripeEvents.forOrder("ord_42").amount(2599).currency("EUR").build(type);

        // when
        Event event = Webhook.constructEvent(json, StripeSigner.header(json, SECRET), SECRET);

        // then: getObject() is empty when api_version differs from the one stripe-java pins, so this proves it too
        StripeObject object = event.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(event.getId()).startsWith("evt_");
        assertThat(event.getType()).isEqualTo(type);
        assertThat(event.getApiVersion()).isEqualTo(Stripe.API_VERSION);
        assertThat(event.getLivemode()).isFalse();
        assertThat(event.getCreated())
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
        if (object instanceof Session s) {
            assertThat(s.getClientReferenceId()).isEqualTo("ord_42");
            assertThat(s.getMetadata()).containsEntry("order_id", "ord_42");
            assertThat(s.getAmountTotal()).isEqualTo(2599L);
            assertThat(s.getCurrency()).isEqualTo("eur");
        } else if (object instanceof PaymentIntent pi) {
            assertThat(pi.getMetadata()).containsEntry("order_id", "ord_42");
            assertThat(pi.getAmount()).isEqualTo(2599L);
        } else if (object instanceof Charge c) {
            assertThat(c.getMetadata()).containsEntry("order_id", "ord_42");
            assertThat(c.getAmountRefunded()).isEqualTo(2599L);
            assertThat(c.getRefunded()).isTrue();
        } else if (object instanceof Refund r) {
            assertThat(r.getAmount()).isEqualTo(2599L);
        } else {
            throw new AssertionError("unexpected " + object.getClass());
        }
    }

    @Test
    void completedSessionCarriesPaymentStatusAndTheSameIdsAcrossEvents() throws Exception {
        StripeEvents order = StripeEvents.forOrder("ord_7").sessionId("cs_test_fixed").paymentIntentId("pi_fixed")
                .paymentStatus("unpaid");

        Session completed = object(order.build("checkout.session.completed"));
        Session settled = object(order.build("checkout.session.async_payment_succeeded"));
        PaymentIntent intent = object(order.build("payment_intent.succeeded"));

        assertThat(completed.getPaymentStatus()).isEqualTo("unpaid");
        assertThat(completed.getStatus()).isEqualTo("complete");
        assertThat(settled.getPaymentStatus()).isEqualTo("paid");
        assertThat(completed.getId()).isEqualTo("cs_test_fixed").isEqualTo(settled.getId());
        assertThat(completed.getPaymentIntent()).isEqualTo("pi_fixed").isEqualTo(intent.getId());
        assertThat(intent.getStatus()).isEqualTo("succeeded");
    }

    @Test
    void eachBuildGetsAFreshEventIdUnlessOneIsFixed() {
        StripeEvents order = StripeEvents.forOrder("ord_8");

        assertThat(order.build("payment_intent.succeeded")).isNotEqualTo(order.build("payment_intent.succeeded"));
        order.eventId("evt_fixed").created(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(order.build("payment_intent.succeeded")).isEqualTo(order.build("payment_intent.succeeded"));
    }

    @Test
    void refusesTypesItCannotBuild() {
        assertThatThrownBy(() -> StripeEvents.forOrder("ord_9").build("invoice.paid"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invoice.paid");
    }

    /** Our JSON invents no field: every key is one stripe-java's model for that object declares. */
    @ParameterizedTest
    @MethodSource("types")
    void emitsOnlyFieldsStripeJavaKnows(String type) {
        Map<String, Object> event = StripeEvents.forOrder("ord_1").buildMap(type);
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) ((Map<String, Object>) event.get("data")).get("object");

        assertThat(knownFields(Event.class)).containsAll(event.keySet());
        Class<?> model = switch ((String) object.get("object")) {
            case "checkout.session" -> Session.class;
            case "payment_intent" -> PaymentIntent.class;
            case "charge" -> Charge.class;
            case "refund" -> Refund.class;
            default -> throw new AssertionError(object.get("object"));
        };
        assertThat(knownFields(model)).containsAll(object.keySet());
    }

    @Test
    void lineItemsWhenExpandedUseOnlyKnownFieldsToo() {
        SessionState s = new SessionState("cs_test_x", 1, 2, "usd",
                java.util.List.of(new LineItem("li_abcdef", "Plan", null, 100, 2, "usd")), null, null, Map.of(),
                Map.of(), null, null, null, "open", "unpaid", null, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> item = (Map<String, Object>) ((java.util.List<Object>) StripeObjects.lineItems(s)
                .get("data")).get(0);

        assertThat(knownFields(com.stripe.model.LineItem.class)).containsAll(item.keySet());
        assertThat(knownFields(com.stripe.model.Price.class))
                .containsAll(((Map<?, ?>) item.get("price")).keySet().stream().map(String::valueOf).toList());
    }

    @SuppressWarnings("unchecked")
    private static <T extends StripeObject> T object(String json) throws Exception {
        Event event = Webhook.constructEvent(json, StripeSigner.header(json, SECRET), SECRET);
        return (T) event.getDataObjectDeserializer().getObject().orElseThrow();
    }

    private static Set<String> knownFields(Class<?> model) {
        Set<String> names = new HashSet<>();
        for (Class<?> c = model; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                SerializedName n = f.getAnnotation(SerializedName.class);
                if (n != null) {
                    names.add(n.value());
                }
            }
        }
        return names;
    }
}
