package dev.esim.catalog.lines;

import dev.esim.provider.EsimProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The provider to ask about a line: the one that issued it. The worker fails over to another provider when the
 * primary cannot serve a paid line, so a line's usage and top-ups are asked where {@code ActivationReady} said it was
 * issued; a line issued by a provider this service is not configured for, or by none it recorded, is asked at the
 * primary.
 */
final class LineProviders {

    private final EsimProvider primary;
    private final Map<String, EsimProvider> byName = new LinkedHashMap<>();
    private final Function<String, Optional<String>> issuerOfLine;

    /** @param issuerOfLine the provider that issued an ICCID, as the order's facts recorded it */
    LineProviders(EsimProvider primary, List<? extends EsimProvider> failover,
                  Function<String, Optional<String>> issuerOfLine) {
        this.primary = primary;
        this.issuerOfLine = issuerOfLine;
        byName.put(primary.name(), primary);
        failover.forEach(provider -> byName.putIfAbsent(provider.name(), provider));
    }

    EsimProvider of(String iccid) {
        return issuerOfLine.apply(iccid).map(byName::get).orElse(primary);
    }
}
