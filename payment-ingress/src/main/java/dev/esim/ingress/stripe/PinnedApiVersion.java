package dev.esim.ingress.stripe;

import com.google.gson.JsonObject;
import com.stripe.model.Event;
import com.stripe.model.StripeObject;
import com.stripe.net.ApiResource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Would stripe-java type an event's {@code data.object}? {@code EventDataObjectDeserializer.getObject()} is empty
 * when the event's API version is not one this stripe-java build was generated for (its rule: the same release train,
 * e.g. any {@code ….dahlia}; previews must match exactly). We never need the typed object, but an endpoint left on
 * another version should be noticed, so we ask stripe-java the question with a minimal event of that version, once
 * per version string, rather than re-implementing its rule. Only verified events reach this, and the cache is capped,
 * so nobody can grow it at will.
 */
final class PinnedApiVersion {

    private static final int MAX_CACHED_VERSIONS = 64;

    private final Map<String, Boolean> answers = new ConcurrentHashMap<>();

    boolean typedObjectAvailable(String apiVersion) {
        if (apiVersion == null) {
            return false;
        }
        Boolean known = answers.get(apiVersion);
        if (known != null) {
            return known;
        }
        boolean answer = askStripeJava(apiVersion);
        if (answers.size() < MAX_CACHED_VERSIONS) {
            answers.put(apiVersion, answer);
        }
        return answer;
    }

    private static boolean askStripeJava(String apiVersion) {
        JsonObject balance = new JsonObject();
        balance.addProperty("object", "balance");
        JsonObject data = new JsonObject();
        data.add("object", balance);
        JsonObject event = new JsonObject();
        event.addProperty("object", "event");
        event.addProperty("type", "balance.available");
        event.addProperty("api_version", apiVersion);
        event.add("data", data);
        try {
            return StripeObject.deserializeStripeObject(event, Event.class, ApiResource.getGlobalResponseGetter())
                    .getDataObjectDeserializer().getObject().isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
