package dev.esim.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrderTokensTest {

    private final OrderTokens tokens = new OrderTokens("a test secret of some length");

    @Test
    void theTokenOfAnOrderMatchesThatOrderOnly() {
        String token = tokens.token("ord_0123456789abcdef0123456789abcdef");

        assertThat(token).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(tokens.matches("ord_0123456789abcdef0123456789abcdef", token)).isTrue();
        assertThat(tokens.matches("ord_0123456789abcdef0123456789abcdee", token)).isFalse();
        assertThat(tokens.token("ord_0123456789abcdef0123456789abcdef")).isEqualTo(token);
    }

    @Test
    void anotherSecretMakesAnotherTokenAndMalformedTokensDoNotMatch() {
        String order = "ord_0123456789abcdef0123456789abcdef";

        assertThat(new OrderTokens("another secret, also long").token(order)).isNotEqualTo(tokens.token(order));
        assertThat(tokens.matches(order, null)).isFalse();
        assertThat(tokens.matches(order, "not base64!")).isFalse();
        assertThat(tokens.matches(order, tokens.token(order).substring(1))).isFalse();
        assertThatThrownBy(() -> new OrderTokens("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
