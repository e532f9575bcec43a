package dev.esim.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseNameTest {

    @Test
    void keepsAPlainLowercaseName() {
        assertThat(Postgres.sanitise("catalog")).isEqualTo("catalog");
    }

    @Test
    void turnsAClassNameIntoASafeIdentifier() {
        assertThat(Postgres.sanitise("Checkout-SessionIT")).isEqualTo("checkout_sessionit");
    }

    @Test
    void prefixesNamesThatDoNotStartWithALetter() {
        assertThat(Postgres.sanitise("1st")).isEqualTo("db_1st");
        assertThat(Postgres.sanitise("")).isEqualTo("db_");
    }

    @Test
    void leavesRoomForTheUniquenessSuffixWithinPostgresIdentifierLimit() {
        assertThat(Postgres.sanitise("x".repeat(80))).hasSize(50);
    }
}
