package dev.esim.catalog.support;

import dev.esim.catalog.refunds.Operators;
import java.net.URI;
import java.util.Optional;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * In front of every {@code /support} page: the security headers (no caching, no referrer, no scripts, no framing),
 * and the session. The sign-in page and the sign-in itself are open; every other page without a valid session is
 * redirected (303) to the sign-in page. A session counts only while its operator is configured.
 */
final class SupportGate implements WebFilter {

    /** Where the signed-in operator is found by the controllers. */
    static final String SIGNED_IN = SupportGate.class.getName() + ".signedIn";
    static final String SIGN_IN_PAGE = "/support";

    /** The operator as they are configured now, their session and its form token. */
    record SignedIn(Operators.Operator operator, SupportSessions.Session session, String csrf) {
    }

    private final SupportSessions sessions;
    private final Operators operators;

    SupportGate(SupportSessions sessions, Operators operators) {
        this.sessions = sessions;
        this.operators = operators;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.equals(SIGN_IN_PAGE) && !path.startsWith(SIGN_IN_PAGE + "/")) {
            return chain.filter(exchange);
        }
        guard(exchange.getResponse().getHeaders());
        Optional<SignedIn> signedIn = signedIn(exchange);
        signedIn.ifPresent(s -> exchange.getAttributes().put(SIGNED_IN, s));
        boolean open = path.equals(SIGN_IN_PAGE) || path.equals(SIGN_IN_PAGE + "/login");
        if (signedIn.isEmpty() && !open) {
            exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
            exchange.getResponse().getHeaders().setLocation(URI.create(SIGN_IN_PAGE));
            return exchange.getResponse().setComplete();
        }
        return chain.filter(exchange);
    }

    private Optional<SignedIn> signedIn(ServerWebExchange exchange) {
        HttpCookie cookie = exchange.getRequest().getCookies().getFirst(SupportSessions.COOKIE);
        return Optional.ofNullable(cookie).flatMap(c -> sessions.verify(c.getValue()))
                .flatMap(session -> operators.named(session.operator())
                        .map(operator -> new SignedIn(operator, session, sessions.csrf(session))));
    }

    static void guard(HttpHeaders headers) {
        headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'");
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-Content-Type-Options", "nosniff");
    }
}
