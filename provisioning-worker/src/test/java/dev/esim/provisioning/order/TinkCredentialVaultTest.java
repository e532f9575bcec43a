package dev.esim.provisioning.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.esim.events.crypto.FieldDecryptionException;
import dev.esim.events.crypto.Keysets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TinkCredentialVaultTest {

    private static final String LPA = "LPA:1$smdp.example.com$ACT-CODE-1234";

    private final TinkCredentialVault vault = new TinkCredentialVault(Keysets.sandbox(Keysets.ACTIVATION));

    @Test
    void aSealedValueOpensForItsClaimOnly() {
        byte[] sealed = vault.seal(LPA, "ord_1-0");

        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("ACT-CODE");
        assertThat(vault.open(sealed, "ord_1-0")).isEqualTo(LPA);
        assertThatThrownBy(() -> vault.open(sealed, "ord_2-0")).isInstanceOf(FieldDecryptionException.class);
    }

    @Test
    void theValueJustSealedIsOpenedOnceFromMemoryThenDecryptedAsAnyOther() {
        byte[] sealed = vault.seal(LPA, "ord_1-0");
        // another thread never sees this thread's memory: it decrypts
        assertThat(CompletableFuture.supplyAsync(() -> vault.open(sealed, "ord_1-0")).join()).isEqualTo(LPA);

        assertThat(vault.open(sealed, "ord_1-0")).isEqualTo(LPA);
        // a copy of the bytes (as read back from the claim row) is decrypted, and so is a second open
        assertThat(vault.open(sealed.clone(), "ord_1-0")).isEqualTo(LPA);
        assertThat(vault.open(sealed, "ord_1-0")).isEqualTo(LPA);
    }

    @Test
    void theMemoryNeverAnswersForAnotherClaimOrACiphertextThatIsNotIt() {
        byte[] sealed = vault.seal(LPA, "ord_1-0");

        assertThatThrownBy(() -> vault.open(sealed, "ord_9-0")).isInstanceOf(FieldDecryptionException.class);
        byte[] other = vault.seal("LPA:1$smdp.example.com$OTHER", "ord_2-0");
        assertThat(vault.open(sealed, "ord_1-0")).isEqualTo(LPA);
        assertThat(vault.open(other, "ord_2-0")).isEqualTo("LPA:1$smdp.example.com$OTHER");
    }
}
