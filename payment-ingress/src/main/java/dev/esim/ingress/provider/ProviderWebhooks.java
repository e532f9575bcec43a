package dev.esim.ingress.provider;

import dev.esim.ingress.event.Normalised;
import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Receives eSIM-provider callbacks: picks the configured provider's scheme, verifies and normalises. */
public final class ProviderWebhooks {

    /** One scheme's verification and normalisation. */
    interface Receiver {
        Normalised receive(byte[] body, Function<String, String> headers);
    }

    private final Map<String, Receiver> receivers = new LinkedHashMap<>();

    public ProviderWebhooks(List<ProviderEndpoint> endpoints, Clock clock) {
        for (ProviderEndpoint endpoint : endpoints) {
            Receiver receiver = switch (endpoint.scheme()) {
                case SIMOLOGY -> new SimologyReceiver(endpoint, clock);
                case ESIM_GO -> new EsimGoReceiver(endpoint, clock);
            };
            receivers.put(endpoint.name(), receiver);
        }
    }

    /** Whether {@code provider} is configured: checked before the body is read, so unknown paths cost nothing. */
    public boolean knows(String provider) {
        return receivers.containsKey(provider);
    }

    public java.util.Set<String> providers() {
        return java.util.Collections.unmodifiableSet(receivers.keySet());
    }

    /**
     * @param headers request header lookup by (case-insensitive) name; {@code null} when absent
     */
    public Normalised receive(String provider, byte[] body, Function<String, String> headers) {
        return Optional.ofNullable(receivers.get(provider))
                .orElseThrow(() -> new WebhookRejected(Reason.NOT_FOUND, "Unknown provider"))
                .receive(body, headers);
    }
}
