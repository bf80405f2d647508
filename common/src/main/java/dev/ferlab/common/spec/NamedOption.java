package dev.ferlab.common.spec;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum whose JSON and user-facing name is a short lower-case id. */
public interface NamedOption {
    String id();

    static <E extends Enum<E> & NamedOption> Optional<E> byId(Class<E> type, String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase();
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.id().equals(wanted)).findFirst();
    }

    static <E extends Enum<E> & NamedOption> String ids(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(NamedOption::id).collect(Collectors.joining(", "));
    }
}
