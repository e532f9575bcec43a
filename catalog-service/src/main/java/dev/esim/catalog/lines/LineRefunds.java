package dev.esim.catalog.lines;

import dev.esim.provider.EsimProvider;
import dev.esim.provider.IdempotencyKeys;
import dev.esim.provider.LineUsage;
import dev.esim.provider.ProviderException;
import dev.esim.provider.ProviderRejectedException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a refund needs from the lines of an order, asked at the provider that issued each (never the usage cache: a
 * refund decides on the line's state now). Money goes back only for lines that are cancelled first, so nobody keeps an
 * eSIM and their money — unless support refunds an installed line on purpose, as a goodwill gesture.
 */
public final class LineRefunds {

    private final LineProviders providers;

    LineRefunds(LineProviders providers) {
        this.providers = providers;
    }

    /** Those of {@code iccids} whose profile is installed on a device: the provider will not cancel them. */
    public List<String> installed(List<String> iccids) {
        return usage(iccids).stream().filter(LineUsage::installed).map(LineUsage::iccid).toList();
    }

    /** Each line's state at its provider now; a line the provider does not know is left out. */
    public List<LineUsage> usage(List<String> iccids) {
        List<LineUsage> lines = new ArrayList<>();
        for (String iccid : iccids) {
            try {
                lines.add(providers.of(iccid).lineUsage(iccid));
            } catch (ProviderException e) {
                if (!"not_found".equals(e.code())) {
                    throw e;
                }
            }
        }
        return lines;
    }

    /**
     * Cancels the line at its provider (once per refund and line, by idempotency key). False when the provider
     * refused: the profile got installed since {@link #installed} looked.
     */
    public boolean cancel(String orderId, String iccid) {
        EsimProvider provider = providers.of(iccid);
        try {
            provider.cancelIfUnused(iccid, IdempotencyKeys.cancel("refund/" + orderId + "/" + iccid));
            return true;
        } catch (ProviderRejectedException e) {
            if ("not_found".equals(e.code())) {
                return true; // nothing there to keep
            }
            return false;
        }
    }
}
