package dev.esim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryHttpTest {

    @Test
    void decodesEachSegmentSoSubjectsMayHoldSlashesSpacesAndPluses() {
        assertThat(RegistryHttp.path("/subjects/a%2Fb%20c+d/versions/latest/"))
                .containsExactly("subjects", "a/b c+d", "versions", "latest");
    }

    @Test
    void rootHasNoSegments() {
        assertThat(RegistryHttp.path("/")).isEmpty();
        assertThat(RegistryHttp.path("")).isEmpty();
    }

    @Test
    void keepsEmptySegmentsSoAnEmptySubjectIsNotMistakenForTheNextOne() {
        assertThat(RegistryHttp.path("/subjects//versions")).isEqualTo(List.of("subjects", "", "versions"));
    }

    @Test
    void readsQueryParametersItKnowsAndKeepsTheRest() {
        assertThat(RegistryHttp.query("normalize=false&verbose=true&subject=a%2Bb&flag"))
                .containsEntry("verbose", "true").containsEntry("subject", "a+b").containsEntry("flag", "");
        assertThat(RegistryHttp.query(null)).isEmpty();
    }
}
