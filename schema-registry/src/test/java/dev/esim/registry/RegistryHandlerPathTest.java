package dev.esim.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryHandlerPathTest {

    @Test
    void decodesEachSegmentSoSubjectsMayHoldSlashesSpacesAndPluses() {
        assertThat(RegistryHandler.path("/subjects/a%2Fb%20c+d/versions/latest/"))
                .containsExactly("subjects", "a/b c+d", "versions", "latest");
    }

    @Test
    void rootHasNoSegments() {
        assertThat(RegistryHandler.path("/")).isEmpty();
        assertThat(RegistryHandler.path("")).isEmpty();
    }

    @Test
    void keepsEmptySegmentsSoAnEmptySubjectIsNotMistakenForTheNextOne() {
        assertThat(RegistryHandler.path("/subjects//versions")).isEqualTo(List.of("subjects", "", "versions"));
    }

    @Test
    void readsQueryParametersItKnowsAndKeepsTheRest() {
        assertThat(RegistryHandler.query("normalize=false&verbose=true&subject=a%2Bb&flag"))
                .containsEntry("verbose", "true").containsEntry("subject", "a+b").containsEntry("flag", "");
        assertThat(RegistryHandler.query(null)).isEmpty();
    }
}
