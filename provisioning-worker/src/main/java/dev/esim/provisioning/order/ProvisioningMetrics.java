package dev.esim.provisioning.order;

import java.math.BigDecimal;
import java.time.Duration;

/** What the provisioning path reports; the Micrometer adapter names the meters. */
interface ProvisioningMetrics {

    /** A claim reached a final state ({@code active}, {@code failed}, {@code topped_up}, {@code cancelled}, …). */
    void outcome(String outcome, String reason);

    /** Payment (or, for async providers, claim) to active line. */
    void provisioned(String provider, Duration latency);

    void providerError(String provider, String code);

    void failover(String from, String to);

    void balance(String provider, BigDecimal amount, boolean low);

    ProvisioningMetrics NONE = new ProvisioningMetrics() {
        @Override
        public void outcome(String outcome, String reason) {
        }

        @Override
        public void provisioned(String provider, Duration latency) {
        }

        @Override
        public void providerError(String provider, String code) {
        }

        @Override
        public void failover(String from, String to) {
        }

        @Override
        public void balance(String provider, BigDecimal amount, boolean low) {
        }
    };
}
