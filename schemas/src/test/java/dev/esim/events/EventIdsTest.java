package dev.esim.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void theSameCauseAlwaysGivesTheSameId() {
        assertThat(EventIds.derive("stripe", "evt_123")).isEqualTo(EventIds.derive("stripe", "evt_123"));
    }

    @Test
    void differentCausesGiveDifferentIds() {
        assertThat(EventIds.derive("stripe", "evt_123")).isNotEqualTo(EventIds.derive("stripe", "evt_124"));
        // parts are separated, so ("ab","c") and ("a","bc") differ
        assertThat(EventIds.derive("ab", "c")).isNotEqualTo(EventIds.derive("a", "bc"));
    }

    @Test
    void idsAreVersionFiveUuids() {
        UUID id = UUID.fromString(EventIds.derive("order", "ord_1", "ActivationReady"));
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
    }
}
