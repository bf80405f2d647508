package dev.ferlab.common.messaging;

import java.time.Instant;

/**
 * A trainer holds the experiment and starts (or resumes) training it: until this event the experiment's shards were
 * ready but it waited in the trainers' queue.
 *
 * @param trainer the trainer's name, as the queue records its holder
 * @param attempt the claim's attempt, 1 for the first
 */
public record TrainingStarted(String experimentId, String trainer, int attempt, Instant startedAt) {
}
