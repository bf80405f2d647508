package dev.ferlab.gateway.rest;

/** A path names an id that does not exist: answered 404 with what was looked for. */
public class UnknownIdException extends RuntimeException {
    public UnknownIdException(String kind, String id) {
        super("no " + kind + " with id " + id);
    }
}
