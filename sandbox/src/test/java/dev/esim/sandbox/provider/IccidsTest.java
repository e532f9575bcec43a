package dev.esim.sandbox.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IccidsTest {

    @Test
    void issuesUniqueNineteenDigitIccidsWithTheSimologyPrefixThatPassLuhn() {
        Iccids iccids = new Iccids("8988307");
        Set<String> issued = new HashSet<>();

        for (int i = 0; i < 1000; i++) {
            String iccid = iccids.next();
            assertThat(iccid).hasSize(19).startsWith("8988307").containsOnlyDigits();
            assertThat(Iccids.passesLuhn(iccid)).isTrue();
            issued.add(iccid);
        }

        assertThat(issued).hasSize(1000);
    }

    @Test
    void luhnAcceptsTheSeedExampleFamilyAndRejectsASingleDigitChange() {
        // 79927398713 is the textbook Luhn example
        assertThat(Iccids.passesLuhn("79927398713")).isTrue();
        assertThat(Iccids.passesLuhn("79927398714")).isFalse();
        String iccid = new Iccids("8988307").next();
        char changed = iccid.charAt(10) == '9' ? '0' : (char) (iccid.charAt(10) + 1);
        assertThat(Iccids.passesLuhn(iccid.substring(0, 10) + changed + iccid.substring(11))).isFalse();
    }
}
