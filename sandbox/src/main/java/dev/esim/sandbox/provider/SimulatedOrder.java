package dev.esim.sandbox.provider;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One order at the simulated provider: what was bought for which reference, and the line it got. */
final class SimulatedOrder {

    final String id;
    final String reference;
    final Plan plan;
    final Instant createdAt;
    final BigDecimal chargedUsd;
    String status;
    String failureReason;
    SimulatedLine line;

    SimulatedOrder(String id, String reference, Plan plan, Instant createdAt, BigDecimal chargedUsd) {
        this.id = id;
        this.reference = reference;
        this.plan = plan;
        this.createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
        this.chargedUsd = chargedUsd;
    }
}
