package dev.ferlab.common.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A submission failed validation; {@link #errors()} names every bad field. */
public class InvalidSpecException extends IllegalArgumentException {
    private final transient List<FieldError> errors;

    public InvalidSpecException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
