package dev.ferlab.gateway.rest;

/** The object store could not be read: an outage, answered 503 with when to try again, not a failure. */
public class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String what, Throwable cause) {
        super("the object store is unavailable while reading " + what + " (" + cause.getMessage()
                + "); try again shortly", cause);
    }
}
