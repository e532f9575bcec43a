package dev.esim.guardrails;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Bounds what one client can hold on a service's HTTP server (Reactor Netty), so slow or idle connections cannot
 * exhaust it:
 * <ul>
 *   <li><b>header deadline</b> — a request's headers must be complete within {@code requestHeaderTimeout} of the
 *       connection opening, or within {@code idleTimeout} of the previous response on a kept-alive connection: a
 *       client dripping a header a byte at a time (slowloris) is cut off, however steadily it drips (an idle timeout
 *       alone never fires for it, each byte resets it);</li>
 *   <li><b>body</b> — at most {@code readTimeout} between two reads of a body, {@code requestTimeout} for all of it
 *       (Reactor Netty's own settings);</li>
 *   <li><b>idle</b> — a kept-alive connection waiting for its next request is closed after {@code idleTimeout};</li>
 *   <li><b>connections</b> — beyond {@code maxConnections} open at once, a new connection is closed on arrival.</li>
 * </ul>
 */
final class HttpServerLimits implements NettyServerCustomizer {

    private final GuardrailsProperties.Http limits;
    private final AtomicInteger open = new AtomicInteger();

    HttpServerLimits(GuardrailsProperties.Http limits) {
        this.limits = limits;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server
                .idleTimeout(limits.idleTimeout())
                .readTimeout(limits.readTimeout())
                .requestTimeout(limits.requestTimeout())
                .doOnChannelInit((observer, channel, address) -> {
                    if (!admit(channel)) {
                        return;
                    }
                    if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                        channel.pipeline().addAfter(NettyPipeline.HttpCodec, "esim.headerDeadline",
                                new HeaderDeadline(limits.requestHeaderTimeout(), limits.idleTimeout()));
                    }
                });
    }

    /** Counts the connection, or closes it at once when the server already holds its maximum. */
    private boolean admit(Channel channel) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }

    /**
     * Closes the connection unless a request's headers arrive in time; armed when the connection opens (the first
     * request's timeout) and again when a response has been written (the next request on a kept-alive connection,
     * which a client may leave idle for up to the idle timeout), disarmed when the codec hands a complete request
     * head up the pipeline.
     */
    static final class HeaderDeadline extends ChannelDuplexHandler {

        private final long firstNanos;
        private final long nextNanos;
        private ScheduledFuture<?> deadline;

        HeaderDeadline(Duration first, Duration next) {
            this.firstNanos = first.toNanos();
            this.nextNanos = next.toNanos();
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            arm(ctx, firstNanos);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                disarm();
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof LastHttpContent) {
                promise = promise.unvoid();
                promise.addListener(f -> {
                    if (f.isSuccess() && ctx.channel().isActive()) {
                        arm(ctx, nextNanos);
                    }
                });
            }
            super.write(ctx, msg, promise);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            disarm();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            disarm();
            super.channelInactive(ctx);
        }

        private void arm(ChannelHandlerContext ctx, long timeoutNanos) {
            disarm();
            deadline = ctx.executor().schedule(() -> {
                ctx.close();
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }

        private void disarm() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }
    }
}
