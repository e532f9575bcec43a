package dev.esim.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class RequestIdsTest {

    private final RequestIds filter = new RequestIds();

    @Test
    void keepsTheCallersIdWhenItLooksLikeOne() {
        MockServerWebExchange exchange = exchange("evt_delivery:42-abc");
        AtomicReference<String> inContext = new AtomicReference<>();

        filter.filter(exchange, ex -> Mono.deferContextual(ctx -> {
            inContext.set(ctx.get(RequestIds.MDC_KEY));
            return Mono.empty();
        })).block();

        assertThat(inContext).hasValue("evt_delivery:42-abc");
        assertThat(exchange.getResponse().getHeaders().getFirst(RequestIds.HEADER)).isEqualTo("evt_delivery:42-abc");
        assertThat(RequestIds.of(exchange)).isEqualTo("evt_delivery:42-abc");
    }

    @Test
    void replacesAnIdThatCouldSmuggleSomethingIntoTheLogs() {
        MockServerWebExchange exchange = exchange("x\" injected=\"1");

        filter.filter(exchange, ex -> Mono.empty()).block();

        String id = exchange.getResponse().getHeaders().getFirst(RequestIds.HEADER);
        assertThat(id).matches("req_[0-9a-f]{24}");
        assertThat(RequestIds.of(exchange)).isEqualTo(id);
    }

    @Test
    void givesEachRequestWithoutAnIdAFreshOne() {
        MockServerWebExchange first = exchange(null);
        MockServerWebExchange second = exchange(null);

        filter.filter(first, ex -> Mono.empty()).block();
        filter.filter(second, ex -> Mono.empty()).block();

        assertThat(RequestIds.of(first)).startsWith("req_").isNotEqualTo(RequestIds.of(second));
    }

    private static MockServerWebExchange exchange(String requestId) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/webhooks/stripe");
        if (requestId != null) {
            request.header(RequestIds.HEADER, requestId);
        }
        return MockServerWebExchange.from(request);
    }
}
