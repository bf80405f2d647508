package dev.ferlab.gateway.rest;

/** A path names an id that does not exist: answered 404 with what was looked for. */
public class UnknownIdException extends RuntimeException {
    public UnknownIdException(String kind, String id) {
        super("no " + kind + " with id " + id);
    }

    /** @param message the whole answer: what is not there, and how to make it be */
    public UnknownIdException(String message) {
        super(message);
    }
}
