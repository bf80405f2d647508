package dev.ferlab.common.weights;

/** A weights file that cannot be imported; the message says what is wrong with it and what to do. */
public class InvalidWeightsException extends IllegalArgumentException {
    public InvalidWeightsException(String message) {
        super(message);
    }
}
