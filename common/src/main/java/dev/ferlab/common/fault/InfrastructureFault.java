package dev.ferlab.common.fault;

/**
 * A failure that ferlab's own code knows to be the infrastructure's (a dependency that did not answer in time):
 * retried like any other infrastructure fault, never reported as the experiment's.
 */
public class InfrastructureFault extends RuntimeException {
    public InfrastructureFault(String message, Throwable cause) {
        super(message, cause);
    }
}
