package dev.ferlab.common.spec;

/** One invalid field of a request: its JSON path and what to do about it. */
public record FieldError(String field, String message) {
}
