package dev.ferlab.common.messaging;

import java.time.Instant;

/** A user cancelled an experiment: trainers stop it at the next batch and write nothing more for it. */
public record ExperimentCancelled(String experimentId, Instant cancelledAt) {
}
