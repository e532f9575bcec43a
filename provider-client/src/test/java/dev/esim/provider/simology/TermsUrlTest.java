package dev.esim.provider.simology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The catalogue's {@code terms_url} becomes a link in the traveller's e-mail: only a web address is kept. */
class TermsUrlTest {

    @Test
    void keepsAnAbsoluteWebAddress() {
        assertThat(SimologyProvider.termsUrl("https://simology.io/esim-united-states"))
                .isEqualTo("https://simology.io/esim-united-states");
        assertThat(SimologyProvider.termsUrl(" http://simology.io/faq ")).isEqualTo("http://simology.io/faq");
    }

    @Test
    void dropsAnythingElse() {
        assertThat(SimologyProvider.termsUrl(null)).isNull();
        assertThat(SimologyProvider.termsUrl("")).isNull();
        assertThat(SimologyProvider.termsUrl("javascript:alert(1)")).isNull();
        assertThat(SimologyProvider.termsUrl("/esim-united-states")).isNull();
        assertThat(SimologyProvider.termsUrl("https://")).isNull();
        assertThat(SimologyProvider.termsUrl("https://exa mple.com")).isNull();
    }
}
