package dev.esim.chaos;

import dev.esim.sandbox.govukpay.PaySignature;

/**
 * GOV.UK Pay webhook messages as the chaos tool re-sends them: signed with {@code Pay-Signature}.
 */
final class GovUkPayMessages {

    private GovUkPayMessages() {
    }

    /**
     * {@code Pay-Signature}: the lower-case hex HMAC-SHA256 of the exact body (UTF-8), keyed with the signing secret
     * — the stand-in's own signer, as the Stripe copies use the sandbox's {@code StripeSigner}.
     */
    static String signature(String body, String secret) {
        return PaySignature.of(body, secret);
    }
}
