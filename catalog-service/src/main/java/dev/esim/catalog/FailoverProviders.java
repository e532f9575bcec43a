package dev.esim.catalog;

import dev.esim.provider.resilience.ResilientEsimProvider;
import java.util.List;

/**
 * The clients of the providers lines may also come from ({@code esim.catalog.failover-providers}), for the features
 * that ask a line's provider (lines, reconciliation). Not {@code EsimProvider} beans: catalogue sync sells the
 * primary's plans only.
 */
public record FailoverProviders(List<ResilientEsimProvider> providers) implements AutoCloseable {

    @Override
    public void close() {
        providers.forEach(ResilientEsimProvider::close);
    }
}
