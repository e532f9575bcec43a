package dev.esim.sandbox.provider;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;

/** One issued eSIM profile: its allowance and validity, and what happened to it (installed, used, cancelled). */
final class SimulatedLine {

    final String iccid;
    final SimulatedOrder order;
    final String activationCode;
    final Instant issuedAt;
    final Instant validFrom;
    Instant validUntil;
    long allowanceMb;
    BigDecimal chargedUsd;
    long extraUsageMb;
    Instant installedAt;
    Instant cancelledAt;
    boolean expiringNotified;
    final Set<Integer> thresholdsNotified = new TreeSet<>();

    SimulatedLine(String iccid, SimulatedOrder order, String activationCode, Instant issuedAt, Instant validUntil,
                  long allowanceMb, BigDecimal chargedUsd) {
        this.iccid = iccid;
        this.order = order;
        this.activationCode = activationCode;
        this.issuedAt = issuedAt;
        this.validFrom = issuedAt.truncatedTo(ChronoUnit.SECONDS);
        this.validUntil = validUntil;
        this.allowanceMb = allowanceMb;
        this.chargedUsd = chargedUsd;
    }
}
