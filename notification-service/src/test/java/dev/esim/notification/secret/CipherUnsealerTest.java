package dev.esim.notification.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.crypto.FieldCipher;
import dev.esim.events.crypto.Keysets;
import org.junit.jupiter.api.Test;

class CipherUnsealerTest {

    final FieldCipher pii = Keysets.sandbox(Keysets.PII);
    final FieldCipher activation = Keysets.sandbox(Keysets.ACTIVATION);
    final CipherUnsealer unsealer = new CipherUnsealer(pii, activation);

    @Test
    void opensWhatEitherKeysetSealedForItsEvent() {
        Sealed email = CipherPayloads.sealed(pii.encrypt("alex@example.com", "order-evt"), "order-evt");
        Sealed lpa = CipherPayloads.sealed(activation.encrypt("LPA:1$a$b", "act-evt"), "act-evt");

        assertThat(unsealer.open(email)).isEqualTo("alex@example.com");
        assertThat(unsealer.open(lpa)).isEqualTo("LPA:1$a$b");
    }

    @Test
    void refusesACiphertextMovedToAnotherEvent() {
        Sealed moved = CipherPayloads.sealed(pii.encrypt("alex@example.com", "order-evt"), "other-evt");

        assertThatThrownBy(() -> unsealer.open(moved)).isInstanceOf(Unsealer.UnsealException.class);
    }

    @Test
    void refusesAKeysetItDoesNotHold() {
        CipherUnsealer piiOnly = new CipherUnsealer(pii);
        Sealed lpa = CipherPayloads.sealed(activation.encrypt("LPA:1$a$b", "act-evt"), "act-evt");

        assertThatThrownBy(() -> piiOnly.open(lpa)).isInstanceOf(Unsealer.UnsealException.class);
    }
}
