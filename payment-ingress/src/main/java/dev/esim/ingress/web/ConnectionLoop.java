package dev.esim.ingress.web;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * The Netty event loop that serves a request's connection, as a Reactor scheduler. Work handed to it runs on the
 * thread that writes the response anyway, so finishing a request there costs no further thread hop; timers set from
 * that thread go into the loop's own timer queue (no lock, no other thread woken).
 *
 * <p>Never dispose the returned scheduler: it would shut the event loop down.
 */
final class ConnectionLoop {

    private ConnectionLoop() {
    }

    /** The connection's event loop; Reactor's {@code parallel} scheduler when the server is not Reactor Netty. */
    static Scheduler of(ServerWebExchange exchange) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (nativeRequest instanceof Connection connection) {
            return Schedulers.fromExecutorService(connection.channel().eventLoop());
        }
        return Schedulers.parallel();
    }
}
