package dev.ferlab.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.trainer.repository.TrainingQueue;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** A claim's keeper between batches: a cancellation this trainer received stops the next batch, not a renewal. */
class ClaimKeeperTest {
    @Test
    void aCancellationReceivedHereStopsTheNextBatchWithoutARenewal() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        // An hour's lease: no renewal runs during the test, so the database is never asked (there is none here).
        try (ClaimKeeper keeper = new ClaimKeeper(new TrainingQueue(null),
                new TrainingQueue.Claim("e1", "{}", 1, 1), Duration.ofHours(1), () -> false, timer)) {
            keeper.checkContinue();
            keeper.cancelled();
            TrainingInterrupted stop = assertThrows(TrainingInterrupted.class, keeper::checkContinue);
            assertEquals(TrainingInterrupted.Reason.CLAIM_LOST, stop.reason(), "abandoned: nothing is written");
            assertTrue(stop.getMessage().contains("e1 was cancelled"), stop.getMessage());
            assertThrows(TrainingInterrupted.class, keeper::ensureHeld, "nor may it write its model");
        } finally {
            timer.shutdownNow();
        }
    }
}
