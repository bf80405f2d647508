package dev.ferlab.common.messaging;

import dev.ferlab.common.spec.ExperimentSpec;
import java.time.Instant;

/** The gateway accepted an experiment; the preprocessor prepares its data. Key: experiment id. */
public record ExperimentRequested(String experimentId, ExperimentSpec spec, Instant requestedAt) {
}
