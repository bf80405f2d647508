package dev.ferlab.gateway.deadletter.service;

import java.time.Instant;

/**
 * One record of a dead-letter topic: a message a consumer group gave up on, why, and whether it was replayed.
 *
 * @param id       {@code <dead-letter topic>/<partition>/<offset>}, what a replay names
 * @param group    the consumer group that gave up on it
 * @param topic    where it came from, and where a replay sends it
 * @param reason   the failure, as the consumer reported it
 * @param replayed when it was sent to its topic again; null while it waits
 */
public record DeadLetter(String id, String deadLetterTopic, int partition, long offset, String group, String topic,
        String key, String reason, String cause, Instant failedAt, Instant replayed, String value) {
}
