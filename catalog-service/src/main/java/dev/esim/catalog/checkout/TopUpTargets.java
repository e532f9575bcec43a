package dev.esim.catalog.checkout;

/** Checks that a top-up is for a line that exists and can still receive data. */
@FunctionalInterface
public interface TopUpTargets {

    /** Throws an {@code ApiException} ({@code not_found}, {@code conflict}) when the line cannot be topped up. */
    void requireToppable(String iccid);
}
