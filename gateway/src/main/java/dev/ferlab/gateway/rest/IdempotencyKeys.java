package dev.ferlab.gateway.rest;

import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} header of submissions (experiments, grids): a client that retries after a lost answer
 * sends the same key and gets what its first request created, and nothing is created twice, even when both
 * requests arrive at once (the key is unique in the table; the loser of the race reads the winner).
 */
public final class IdempotencyKeys {
    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 200;

    /** What a submission answered: what it created, or what an earlier request with its key created. */
    public record Outcome<T>(T value, boolean created) {
    }

    private IdempotencyKeys() {
    }

    /** The header's key, trimmed; null when absent or blank. @throws InvalidSpecException when too long */
    public static String normalise(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String key = header.trim();
        if (key.length() > MAX_LENGTH) {
            throw new InvalidSpecException(List.of(new FieldError(HEADER, "must be at most " + MAX_LENGTH
                    + " characters, got " + key.length())));
        }
        return key;
    }

    /**
     * Returns what {@code earlier} finds under {@code key}, or else what {@code create} stores (in its own
     * transaction, so that a duplicate key fails there); a concurrent request that stored first wins.
     */
    public static <T> Outcome<T> createOnce(String key, Function<String, Optional<T>> earlier, Supplier<T> create) {
        if (key != null) {
            Optional<T> found = earlier.apply(key);
            if (found.isPresent()) {
                return new Outcome<>(found.get(), false);
            }
        }
        try {
            return new Outcome<>(create.get(), true);
        } catch (RuntimeException conflict) {
            Optional<T> winner = key == null ? Optional.empty() : earlier.apply(key);
            if (winner.isPresent()) {
                return new Outcome<>(winner.get(), false);
            }
            throw conflict;
        }
    }
}
