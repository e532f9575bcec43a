package dev.esim.provisioning.order;

/**
 * Whether a provider's circuit breaker is open right now. Asked <em>before</em> a call: only a call that was never
 * made is proof that the provider did not issue an eSIM, and only then is failing over to another provider safe.
 */
@FunctionalInterface
interface ProviderCircuits {

    boolean isOpen(String provider);

    ProviderCircuits NEVER_OPEN = provider -> false;
}
