package dev.esim.ingress.provider;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One provider we accept callbacks from, at {@code POST /webhooks/providers/{name}}.
 *
 * @param name      the path segment and the {@code provider} field of our events
 * @param scheme    how its callbacks are signed and shaped
 * @param secrets   every currently valid signing secret (several during a rotation)
 * @param tolerance the allowed clock skew of signed timestamps (schemes that sign one)
 */
public record ProviderEndpoint(String name, ProviderScheme scheme, List<String> secrets, Duration tolerance) {

    public ProviderEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(tolerance, "tolerance");
        if (secrets == null || secrets.isEmpty() || secrets.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException("provider " + name + " needs at least one non-blank secret");
        }
        secrets = List.copyOf(secrets);
    }

    @Override
    public String toString() {
        return "ProviderEndpoint[name=" + name + ", scheme=" + scheme + ", secrets=<" + secrets.size() + " redacted>]";
    }
}
