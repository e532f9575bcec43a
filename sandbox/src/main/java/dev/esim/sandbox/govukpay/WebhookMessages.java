package dev.esim.sandbox.govukpay;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every webhook message the stand-in made, oldest first: it builds each message body as GOV.UK Pay shapes it, journals
 * it, and hands it to the {@link WebhookSender}. Kept for the admin listing, which is how a test sees what was sent,
 * retried, given up or dropped.
 */
final class WebhookMessages {

    private final Clock clock;
    private final WebhookSender sender;
    private final GovUkPayJournal journal;
    private final JsonMapper json;
    private final List<WebhookMessage> messages = new ArrayList<>();

    /** Starts with the messages the journal holds and resumes delivering those still pending. */
    WebhookMessages(Clock clock, WebhookSender sender, GovUkPayJournal journal, JsonMapper json) {
        this.clock = clock;
        this.sender = sender;
        this.journal = journal;
        this.json = json;
        messages.addAll(journal.restored().messages());
        sender.resume(messages);
    }

    /**
     * Makes a message about {@code resource} (as the API would render it now) and journals it. Not sent yet: the
     * caller sends what one event made with {@link #send}, once its change is journalled.
     */
    synchronized WebhookMessage make(String eventType, String resourceType, String resourceId,
            Map<String, Object> resource) {
        String id = Ids.next();
        var created = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("api_version", 1);
        body.put("created_date", Ids.date(created));
        body.put("resource_id", resourceId);
        body.put("resource_type", resourceType);
        body.put("event_type", eventType);
        body.put("resource", resource);
        WebhookMessage message = new WebhookMessage(new WebhookMessage.Sent(id, eventType, resourceType, resourceId,
                created, json.writeValueAsString(body)));
        messages.add(message);
        journal.message(message);
        return message;
    }

    void send(List<WebhookMessage> made) {
        if (!made.isEmpty()) {
            sender.send(made);
        }
    }

    synchronized List<WebhookMessage> all() {
        return List.copyOf(messages);
    }
}
