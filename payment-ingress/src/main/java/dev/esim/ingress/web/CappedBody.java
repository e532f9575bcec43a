package dev.esim.ingress.web;

import dev.esim.ingress.event.WebhookRejected;
import dev.esim.ingress.event.WebhookRejected.Reason;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Reads the raw body as bytes (signatures are over the exact bytes, so no codec may touch it), refusing anything over
 * the cap: up front from {@code Content-Length}, and while streaming for chunked bodies that never declared one —
 * so an oversized body is never held in memory whole.
 */
final class CappedBody {

    private CappedBody() {
    }

    static Mono<byte[]> read(ServerHttpRequest request, int maxBytes) {
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return Mono.error(tooLarge(maxBytes));
        }
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(maxBytes));
    }

    private static WebhookRejected tooLarge(int maxBytes) {
        return new WebhookRejected(Reason.PAYLOAD_TOO_LARGE, "Body exceeds " + maxBytes + " bytes");
    }
}
