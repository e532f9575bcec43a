package dev.esim.catalog.support;

import dev.esim.catalog.refunds.Operators;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code GET /support} (the sign-in form), {@code POST /support/login} (an operator's token, checked by
 * {@link Operators}: a session cookie in return, never the token itself) and {@code POST /support/logout}.
 */
@Controller
class SignInController {

    static final String SEARCH_PAGE = "/support/orders";

    private final Operators operators;
    private final SupportSessions sessions;
    private final boolean secureCookies;

    SignInController(Operators operators, SupportSessions sessions, boolean secureCookies) {
        this.operators = operators;
        this.sessions = sessions;
        this.secureCookies = secureCookies;
    }

    @GetMapping(value = SupportGate.SIGN_IN_PAGE, produces = "text/html")
    Rendering signInPage(ServerWebExchange exchange) {
        if (exchange.getAttribute(SupportGate.SIGNED_IN) != null) {
            return Rendering.redirectTo(SEARCH_PAGE).build();
        }
        return Rendering.view("support/sign-in").build();
    }

    @PostMapping(value = "/support/login", produces = "text/html")
    Mono<Rendering> signIn(ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            String token = form.getFirst("token");
            return operators.signIn(token == null ? null : token.strip())
                    .map(operator -> {
                        exchange.getResponse().addCookie(cookie(sessions.open(operator.name()),
                                sessions.lifetime().toSeconds()));
                        return Rendering.redirectTo(SEARCH_PAGE).build();
                    })
                    .orElseGet(() -> Rendering.view("support/sign-in")
                            .model(Map.of("error", "This token does not belong to a support operator."))
                            .status(HttpStatus.UNAUTHORIZED).build());
        });
    }

    /** Forgets the session in this browser (the form carries the session's CSRF token like every other). */
    @PostMapping(value = "/support/logout", produces = "text/html")
    Mono<Rendering> signOut(ServerWebExchange exchange) {
        SupportGate.SignedIn signedIn = exchange.getAttribute(SupportGate.SIGNED_IN);
        return exchange.getFormData().map(form -> {
            if (signedIn == null || !sessions.csrfMatches(signedIn.session(), form.getFirst("csrf"))) {
                return SupportOrdersController.forbidden("This form has expired; reload the page and try again.");
            }
            exchange.getResponse().addCookie(cookie("", 0));
            return Rendering.redirectTo(SupportGate.SIGN_IN_PAGE).build();
        });
    }

    private ResponseCookie cookie(String value, long maxAgeSeconds) {
        return ResponseCookie.from(SupportSessions.COOKIE, value)
                .httpOnly(true)
                .secure(secureCookies)
                .sameSite("Strict")
                .path(SupportGate.SIGN_IN_PAGE)
                .maxAge(maxAgeSeconds)
                .build();
    }
}
