package dev.esim.ingress.provider;

/** The signing and payload schemes we can receive; each configured provider names one. */
public enum ProviderScheme {
    /** Seed 001 / docs/provider-api.md: {@code Simology-Signature: t=…,v1=hex(HMAC-SHA256(secret, t + "." + body))}. */
    SIMOLOGY,
    /** eSIM Go callbacks V3: {@code X-Signature-SHA256: HMAC-SHA256(api key, body)}, base64 (or hex). */
    ESIM_GO
}
