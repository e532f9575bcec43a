package dev.esim.ingress.event;

/**
 * A verified webhook whose order only the gateway's API can name, and the API did not answer: a technical fault, not
 * a verdict on the webhook. Nothing is published and the web layer answers 503, so the gateway delivers it again.
 * Messages name the gateway and the HTTP status or fault, never a key or a body.
 */
public class GatewayApiUnavailable extends RuntimeException {

    public GatewayApiUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
