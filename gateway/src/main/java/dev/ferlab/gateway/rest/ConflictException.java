package dev.ferlab.gateway.rest;

/** The request is well formed but the resource is not in a state that allows it: answered 409 saying why. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
