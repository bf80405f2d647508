package dev.ferlab.gateway.rest;

import dev.ferlab.common.spec.FieldError;
import java.util.List;

/** Body of every 4xx/5xx answer: what went wrong, and for invalid input each field and what to fix. */
public record ErrorResponse(String error, List<FieldError> fields) {
    public static ErrorResponse of(String error) {
        return new ErrorResponse(error, List.of());
    }
}
