package dev.esim.notification.email;

/** Where a traveller tops up one line: the shop's top-up page (it calls catalog-service's {@code POST /v1/topups}). */
@FunctionalInterface
public interface TopUpLinks {

    String of(String iccid);

    /** A URL template with an {@code {iccid}} placeholder, e.g. {@code https://shop.example/top-up?iccid={iccid}}. */
    static TopUpLinks fromTemplate(String template) {
        if (!template.contains("{iccid}")) {
            throw new IllegalArgumentException("the top-up URL must contain {iccid}: " + template);
        }
        return iccid -> template.replace("{iccid}", iccid);
    }
}
