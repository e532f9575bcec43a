package dev.esim.sandbox.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StripeParamsTest {

    @Test
    void decodesStripesBracketNotationIntoObjectsAndLists() {
        // given: what stripe-java's FormEncoder writes for a checkout session (index 10 sorts after 2 as a number)
        Map<String, List<String>> form = new java.util.LinkedHashMap<>();
        form.put("mode", List.of("payment"));
        form.put("line_items[0][price_data][unit_amount]", List.of("1499"));
        form.put("line_items[0][price_data][product_data][name]", List.of("Europe 5 GB"));
        form.put("line_items[0][quantity]", List.of("1"));
        form.put("line_items[10][quantity]", List.of("3"));
        form.put("line_items[2][quantity]", List.of("2"));
        form.put("metadata[order_id]", List.of("ord_1"));
        form.put("expand[]", List.of("line_items", "payment_intent"));
        form.put("created[gte]", List.of("1700000000"));

        // when
        StripeParams p = StripeParams.decode(form);

        // then
        assertThat(p.string("mode")).isEqualTo("payment");
        List<StripeParams> items = p.objects("line_items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).object("price_data").integer("unit_amount")).isEqualTo(1499L);
        assertThat(items.get(0).object("price_data").object("product_data").string("name")).isEqualTo("Europe 5 GB");
        assertThat(items.get(1).integer("quantity")).isEqualTo(2L);
        assertThat(items.get(2).integer("quantity")).isEqualTo(3L);
        assertThat(p.metadata("metadata")).containsExactly(Map.entry("order_id", "ord_1"));
        assertThat(p.strings("expand")).containsExactly("line_items", "payment_intent");
        assertThat(p.object("created").integer("gte")).isEqualTo(1_700_000_000L);
    }

    @Test
    void reportsTheParameterThatIsNotAnInteger() {
        StripeParams p = StripeParams.decode(Map.of("amount", List.of("12.50")));

        assertThatThrownBy(() -> p.integer("amount"))
                .isInstanceOfSatisfying(StripeApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.body("req_1")).contains("\"param\": \"amount\"")
                            .contains("\"type\": \"invalid_request_error\"");
                });
    }
}
