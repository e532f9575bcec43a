package dev.esim.provider;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyKeysTest {

    @Test
    void derivesTheSameKeyForTheSameOrderEveryTime() {
        assertThat(IdempotencyKeys.provision("ord_123")).isEqualTo(IdempotencyKeys.provision("ord_123"));
        assertThat(ProvisionRequest.forOrder("ord_123", "US-5GB-30D").idempotencyKey())
                .isEqualTo(IdempotencyKeys.provision("ord_123"));
    }

    @Test
    void pinsTheDerivationSoThatKeysSurviveAnUpgrade() {
        // a key sent before a redeploy must be re-derived identically after it, or the provider issues a 2nd eSIM;
        // expected value from Python: uuid.uuid5(UUID("6f1c3a52-2b8e-5d1a-9c61-0e5b7f3d2a10"), "provision:ord_123")
        assertThat(IdempotencyKeys.provision("ord_123")).isEqualTo("0128122f-4728-5720-82f4-5fc2f4dd9470");
    }

    @Test
    void differsByOrderAndByAction() {
        assertThat(IdempotencyKeys.provision("ord_1")).isNotEqualTo(IdempotencyKeys.provision("ord_2"));
        assertThat(IdempotencyKeys.provision("ord_1")).isNotEqualTo(IdempotencyKeys.topUp("ord_1"));
        assertThat(IdempotencyKeys.topUp("ord_1")).isNotEqualTo(IdempotencyKeys.cancel("ord_1"));
    }

    @Test
    void fitsEsimAccessTransactionIdLimitAndIsAVersion5Uuid() {
        String key = IdempotencyKeys.provision("a".repeat(500));
        assertThat(key).hasSizeLessThanOrEqualTo(50);
        assertThat(UUID.fromString(key).version()).isEqualTo(5);
    }

    @Test
    void implementsRfc4122Version5() {
        // RFC 4122 DNS namespace + "python.org": the reference value printed by Python's uuid.uuid5
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(IdempotencyKeys.uuidV5(dns, "python.org"))
                .isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
    }

    @Test
    void refusesBlankIdsAndOverlongKeys() {
        assertThatThrownBy(() -> IdempotencyKeys.provision(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProvisionRequest("o", "sku", "k".repeat(51)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
