package dev.esim.observability;

import io.micrometer.context.ContextRegistry;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} if it looks like one (so a gateway's delivery id or a
 * support ticket's id can be followed through our logs), else a fresh {@code req_…}. It is echoed in the response
 * header and in every error body, and put in the Reactor context, from where context-propagation
 * ({@code spring.reactor.context-propagation=auto}) copies it into the MDC of whichever thread logs, including
 * {@code boundedElastic}. A service that turns automatic propagation off for throughput (payment-ingress runs
 * {@code limited}) reads the id with {@link #of} and puts it in the MDC itself where it logs.
 */
public final class RequestIds implements WebFilter, Ordered {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";

    private static final String ATTRIBUTE = RequestIds.class.getName() + ".id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9_.:-]{8,100}");
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        ContextRegistry.getInstance().registerThreadLocalAccessor(MDC_KEY,
                () -> MDC.get(MDC_KEY), value -> MDC.put(MDC_KEY, value), () -> MDC.remove(MDC_KEY));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String incoming = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = incoming != null && ACCEPTABLE.matcher(incoming).matches() ? incoming : newId();
        exchange.getAttributes().put(ATTRIBUTE, id);
        exchange.getResponse().getHeaders().set(HEADER, id);
        return chain.filter(exchange).contextWrite(context -> context.put(MDC_KEY, id));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** The id this filter gave the exchange; a fresh one if the request never passed it (an error before filters). */
    public static String of(ServerWebExchange exchange) {
        String id = exchange.getAttribute(ATTRIBUTE);
        return id != null ? id : newId();
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "req_" + HexFormat.of().formatHex(bytes);
    }
}
