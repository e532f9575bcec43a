package dev.esim.sandbox.provider;

/**
 * How the simulated provider hands out a line: in the order response, or later through an
 * {@code activation.ready} webhook.
 */
public enum ActivationMode {
    SYNC,
    ASYNC
}
