package dev.esim.catalog.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinesIT extends CatalogServiceITBase {

    @Test
    void servesUsageFromOneProviderReadPerLineWithinTheCachePeriod() {
        // given
        String iccid = "8988307000000000123";
        PROVIDER.line(iccid, "active", 1200, 3920, "2025-02-09T23:59:59Z");

        // when a traveller's app refreshes five times
        for (int i = 0; i < 5; i++) {
            http.get().uri("/v1/lines/{iccid}", iccid).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueMatches("Cache-Control", ".*max-age=\\d+.*")
                    .expectBody()
                    .jsonPath("$.iccid").isEqualTo(iccid)
                    .jsonPath("$.status").isEqualTo("active")
                    .jsonPath("$.data.used_mb").isEqualTo(1200)
                    .jsonPath("$.data.remaining_mb").isEqualTo(3920)
                    .jsonPath("$.valid_until").isEqualTo("2025-02-09T23:59:59Z")
                    .jsonPath("$.as_of").isNotEmpty();
        }

        // then the provider was asked once
        assertThat(PROVIDER.lineReads(iccid)).isEqualTo(1);
    }

    @Test
    void answersNotFoundForALineTheProviderDoesNotKnowAndRefusesNonIccids() {
        String iccid = "8988307000000000999";
        PROVIDER.unknownLine(iccid);

        http.get().uri("/v1/lines/{iccid}", iccid).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("not_found");
        http.get().uri("/v1/lines/not-an-iccid").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("validation_error");
    }
}
