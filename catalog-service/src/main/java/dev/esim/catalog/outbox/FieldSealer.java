package dev.esim.catalog.outbox;

/** Encrypts a personal field for the event that carries it; the outbox's configuration holds the keyset. */
@FunctionalInterface
public interface FieldSealer {

    OutboxEvent.SealedField seal(String plaintext, String eventId);
}
