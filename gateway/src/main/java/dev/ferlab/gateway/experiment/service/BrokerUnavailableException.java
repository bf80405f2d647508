package dev.ferlab.gateway.experiment.service;

/** The experiment was stored but Kafka refused it; it is marked failed, and the client may submit again. */
public class BrokerUnavailableException extends RuntimeException {
    private final String experimentId;

    public BrokerUnavailableException(String experimentId, Throwable cause) {
        super("experiment " + experimentId + " could not be queued: the message broker is unavailable", cause);
        this.experimentId = experimentId;
    }

    public String experimentId() {
        return experimentId;
    }
}
