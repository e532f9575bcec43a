package dev.esim.catalog;

/**
 * Sandbox and live secrets never mix: a live Stripe key in sandbox (or a test key in live), a sandbox provider key
 * or the published sandbox support token in live, refuse to start. Fails before anything is called.
 */
final class EnvironmentGuard {

    static final String SANDBOX_SUPPORT_TOKEN = "support_sandbox_token_local";

    private final CatalogProperties properties;

    EnvironmentGuard(CatalogProperties properties) {
        this.properties = properties;
    }

    void check() {
        String env = properties.environment();
        if (!env.equals("sandbox") && !env.equals("live")) {
            throw new IllegalStateException("esim.environment must be sandbox or live, not " + env);
        }
        CatalogProperties.Catalog c = properties.catalog();
        String stripeKey = c.stripe().apiKey();
        if (properties.live()) {
            if (!stripeKey.startsWith("sk_live_") && !stripeKey.startsWith("rk_live_")) {
                throw new IllegalStateException("live mode needs a live Stripe key (sk_live_…)");
            }
            if (c.provider().apiKey().startsWith("sk_sandbox_")) {
                throw new IllegalStateException("live mode refuses a sandbox provider key");
            }
            if (c.support().apiToken().equals(SANDBOX_SUPPORT_TOKEN)) {
                throw new IllegalStateException("live mode refuses the published sandbox support token");
            }
        } else {
            if (stripeKey.startsWith("sk_live_") || stripeKey.startsWith("rk_live_")) {
                throw new IllegalStateException("a live Stripe key is configured in sandbox mode; refusing to start");
            }
            if (c.provider().apiKey().startsWith("sk_live_")) {
                throw new IllegalStateException("a live provider key is configured in sandbox mode; refusing to start");
            }
        }
    }
}
