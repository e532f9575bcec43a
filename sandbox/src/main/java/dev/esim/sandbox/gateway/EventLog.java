package dev.esim.sandbox.gateway;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The events the ledger emits, as {@code GET /v1/events} lists them: each is built as Stripe sends it
 * ({@link StripeObjects#event}), kept in order, written to the journal, and handed to the {@link WebhookDispatcher}
 * with the other events of its move. After a restart the dispatcher takes up the ones not yet delivered.
 */
final class EventLog {

    private final Clock clock;
    private final LedgerState state;
    private final WebhookDispatcher dispatcher;
    private final List<WebhookEvent> events = new ArrayList<>();

    EventLog(Clock clock, LedgerState state, WebhookDispatcher dispatcher) {
        this.clock = clock;
        this.state = state;
        this.dispatcher = dispatcher;
    }

    /** Takes over the journal's events; those not delivered nor given up go out again, as Stripe's retries would. */
    void restore(List<WebhookEvent> restored) {
        events.addAll(restored);
        dispatcher.resume(events);
    }

    /** Events newest first, as {@code GET /v1/events} lists them. */
    List<WebhookEvent> events(Predicate<WebhookEvent> filter) {
        synchronized (state) {
            List<WebhookEvent> out = new ArrayList<>();
            for (int i = events.size() - 1; i >= 0; i--) {
                if (filter.test(events.get(i))) {
                    out.add(events.get(i));
                }
            }
            return out;
        }
    }

    WebhookEvent event(String id) {
        synchronized (state) {
            return events.stream().filter(e -> e.id().equals(id)).findFirst()
                    .orElseThrow(() -> StripeApiException.noSuch("event", "id", id));
        }
    }

    /** Delivers one move's events, in the order given. */
    void send(List<WebhookEvent> emitted) {
        dispatcher.send(emitted);
    }

    WebhookEvent emit(String type, Map<String, Object> object, Map<String, Object> request) {
        return emit(type, object, request, null);
    }

    /**
     * A new event about {@code object}, recorded and journalled; {@code request} is the API call that caused it
     * ({@code id}, {@code idempotency_key}), null for page clicks and timers.
     */
    WebhookEvent emit(String type, Map<String, Object> object, Map<String, Object> request,
            Map<String, Object> previousAttributes) {
        Map<String, Object> envelope = StripeObjects.event(StripeJson.id("evt_"), type,
                clock.instant().getEpochSecond(), object, previousAttributes, 1,
                request == null ? null : (String) request.get("id"),
                request == null ? null : (String) request.get("idempotency_key"));
        WebhookEvent event = new WebhookEvent(envelope);
        events.add(event);
        state.journal().event(event);
        return event;
    }
}
