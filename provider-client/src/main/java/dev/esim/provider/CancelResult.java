package dev.esim.provider;

public record CancelResult(String iccid, boolean cancelled, boolean refunded) {
}
