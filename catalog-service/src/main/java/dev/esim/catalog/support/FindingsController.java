package dev.esim.catalog.support;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /support/findings}: the open reconciliation findings of every order, newest first, and how many of each
 * kind — reconciliation's view of the conservation law (money taken ⇔ eSIM delivered), for support's daily sweep.
 * Read-only: a finding closes by itself once its order moves on.
 */
@Controller
class FindingsController {

    static final String PAGE = "/support/findings";
    /** At most this many findings are listed (the counts per kind are of all). */
    static final int MAX_ROWS = 200;

    /** What each kind means for the traveller, in support's words; a kind not here is shown by its name. */
    private static final Map<String, String> KINDS = Map.of(
            "PAYMENT_NOT_RECORDED", "The gateway took the money, but the order here is still unpaid and re-delivering"
                    + " the gateway's messages did not help.",
            "PROVIDER_COMPLETED", "Paid, and the provider completed the eSIM, but it never reached us: the worker"
                    + " needs a redrive.",
            "PROVIDER_PROCESSING", "Paid, and the provider is still processing the eSIM long after the payment.",
            "PROVIDER_FAILED", "Paid, and the provider failed the eSIM, but no failure reached us (so no automatic"
                    + " refund).",
            "STUCK", "Paid, and the provider has no order for it: provisioning never started.");

    private final SupportLookup lookup;

    FindingsController(SupportLookup lookup) {
        this.lookup = lookup;
    }

    @GetMapping(value = PAGE, produces = "text/html")
    Mono<Rendering> findings(ServerWebExchange exchange) {
        SupportGate.SignedIn me = exchange.getAttribute(SupportGate.SIGNED_IN);
        return Mono.fromCallable(() -> {
            Map<String, Object> model = SupportOrdersController.base(me);
            Map<String, Long> byKind = lookup.openFindingsByKind();
            List<SupportLookup.OpenFinding> open = lookup.latestOpenFindings(MAX_ROWS);
            long total = byKind.values().stream().mapToLong(Long::longValue).sum();
            model.put("kinds", byKind.entrySet().stream().map(e -> Map.of("kind", e.getKey(), "count", e.getValue(),
                    "words", KINDS.getOrDefault(e.getKey(), ""))).toList());
            model.put("findings", open.stream().map(f -> Map.of("kind", f.kind(),
                    "orderId", f.orderId(), "href", SupportOrdersController.orderPage(f.orderId()),
                    "detail", f.detail() == null ? "" : f.detail(), "firstSeenAt", OrderSheet.when(f.firstSeenAt()),
                    "lastSeenAt", OrderSheet.when(f.lastSeenAt()))).toList());
            model.put("none", open.isEmpty());
            model.put("total", total);
            model.put("more", total > open.size());
            model.put("shown", open.size());
            return Rendering.view("support/findings").model(model).build();
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
