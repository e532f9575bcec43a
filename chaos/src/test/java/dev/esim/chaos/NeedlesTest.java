package dev.esim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NeedlesTest {

    private final Verdict.Needles needles = new Verdict.Needles(Set.of(
            "traveller-0a1b2c3d4e5f@chaos.example.com", "traveller-ffffffffffff@chaos.example.com",
            "LPA:1$sm-dp-plus.simology.net$ACT-ABCD-EFGH-IJKL", "ACT-ABCD-EFGH-IJKL", "no-marker-secret"));

    @Test
    void findsEachSecretWhereverItStandsEvenGluedToBinaryBytes() {
        String avroLike = "\u0000\u0001Ltraveller-0a1b2c3d4e5f@chaos.example.comX\u0002"
                + "{\"lpa\":\"LPA:1$sm-dp-plus.simology.net$ACT-ABCD-EFGH-IJKL\"} no-marker-secret";

        assertThat(needles.in(avroLike)).containsExactlyInAnyOrder("traveller-0a1b2c3d4e5f@chaos.example.com",
                "LPA:1$sm-dp-plus.simology.net$ACT-ABCD-EFGH-IJKL", "ACT-ABCD-EFGH-IJKL", "no-marker-secret");
    }

    @Test
    void findsNothingInMaskedOrUnrelatedText() {
        String masked = "customer=t***@chaos.example.com lpa=<encrypted:activation/sandbox> code=ACT-XXXX-YYYY-ZZZZ"
                + " other@example.com traveller-000000000000@chaos.example.com";

        assertThat(needles.in(masked)).isEmpty();
    }
}
