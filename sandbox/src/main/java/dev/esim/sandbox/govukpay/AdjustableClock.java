package dev.esim.sandbox.govukpay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The stand-in's time: the system clock plus an offset tests move forward, so the 90-minute expiry can be seen without
 * waiting 90 minutes. Millisecond precision, as GOV.UK Pay's dates have, so what is stored renders unchanged after a
 * restart. The offset is steering, not state: a restart starts again from the system clock.
 */
final class AdjustableClock extends Clock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    AdjustableClock(Clock base) {
        this.base = base;
    }

    void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the sandbox clock only moves forward");
        }
        synchronized (this) {
            offset = offset.plus(by);
        }
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset).truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the sandbox clock is UTC");
    }
}
