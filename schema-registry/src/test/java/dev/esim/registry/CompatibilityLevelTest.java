package dev.esim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

    private static final Schema V1 = parse(OrderSchemas.v1("Order"));
    private static final Schema WITH_COUPON = parse(OrderSchemas.v2WithOptionalCoupon("Order"));
    private static final Schema WITH_CURRENCY = parse(OrderSchemas.v2WithRequiredCurrency("Order"));
    private static final Schema WITHOUT_AMOUNT = parse(OrderSchemas.v2WithoutAmount("Order"));

    @Test
    void backwardRejectsANewRequiredFieldAndNamesIt() {
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(WITH_CURRENCY, List.of(V1)))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("currency");
    }

    @Test
    void backwardAcceptsAnOptionalFieldAndADroppedField() {
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(WITH_COUPON, List.of(V1))).isEmpty();
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(WITHOUT_AMOUNT, List.of(V1))).isEmpty();
    }

    @Test
    void forwardRejectsDroppingAFieldOldReadersNeedButAcceptsANewRequiredOne() {
        assertThat(CompatibilityLevel.FORWARD.incompatibilities(WITHOUT_AMOUNT, List.of(V1))).isNotEmpty();
        assertThat(CompatibilityLevel.FORWARD.incompatibilities(WITH_CURRENCY, List.of(V1))).isEmpty();
    }

    @Test
    void fullNeedsBothDirections() {
        assertThat(CompatibilityLevel.FULL.incompatibilities(WITH_COUPON, List.of(V1))).isEmpty();
        assertThat(CompatibilityLevel.FULL.incompatibilities(WITH_CURRENCY, List.of(V1))).isNotEmpty();
        assertThat(CompatibilityLevel.FULL.incompatibilities(WITHOUT_AMOUNT, List.of(V1))).isNotEmpty();
    }

    @Test
    void nonTransitiveLevelsLookAtTheLatestVersionOnlyAndTransitiveOnesAtAll() {
        // given: the latest version (WITH_CURRENCY) has the field, the first one (V1) does not
        List<Schema> history = List.of(V1, WITH_CURRENCY);

        // when / then
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(WITH_CURRENCY, history)).isEmpty();
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.incompatibilities(WITH_CURRENCY, history)).isNotEmpty();
    }

    @Test
    void noneAndAnEmptyHistoryAcceptAnything() {
        assertThat(CompatibilityLevel.NONE.incompatibilities(WITH_CURRENCY, List.of(V1))).isEmpty();
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.incompatibilities(WITH_CURRENCY, List.of())).isEmpty();
    }

    @Test
    void parsesLevelsCaseInsensitivelyAndRefusesUnknownOnesWithConfluentsCode() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS")).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(42203));
        assertThatThrownBy(() -> CompatibilityLevel.parse(null)).isInstanceOf(RegistryException.class);
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }
}
