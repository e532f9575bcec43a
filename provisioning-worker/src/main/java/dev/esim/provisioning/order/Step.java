package dev.esim.provisioning.order;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the handling of one input shares between the rooms it passes through: where the input sits (to tell whether an
 * earlier transaction already carried an outcome) and the outcome events its own Kafka transaction will carry.
 */
final class Step {

    private final Delivery delivery;
    private final List<Outcome> outcomes = new ArrayList<>();

    Step(Delivery delivery) {
        this.delivery = Objects.requireNonNull(delivery, "delivery");
    }

    Delivery delivery() {
        return delivery;
    }

    void emit(Outcome outcome) {
        outcomes.add(outcome);
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }
}
