package dev.ferlab.gateway.experiment.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.gateway.experiment.repository.EpochMetric;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.experiment.repository.TrainersQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two consumer threads publishing one experiment at once: the first read the experiment before the second's event
 * was stored (PREPROCESSING), the second after it (WAITING). The streams must get them in the order they were read,
 * so the status never goes back. The store is a stand-in whose first read waits until the second publisher has run
 * as far as it can.
 */
class ProgressBroadcasterTest {
    @Test
    void aReadSentLateDoesNotOvertakeANewerOne() throws Exception {
        CountDownLatch firstReading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        ExperimentStore store = new ExperimentStore(null) {
            @Override
            public Optional<Experiment> find(String id) {
                if (reads.incrementAndGet() == 1) {
                    firstReading.countDown();
                    await(release);
                    return Optional.of(experiment(id, ExperimentStatus.PREPROCESSING));
                }
                return Optional.of(experiment(id, ExperimentStatus.WAITING));
            }

            @Override
            public List<EpochMetric> curve(String id) {
                return List.of();
            }
        };
        TrainersQueue queue = new TrainersQueue(null) {
            @Override
            public Map<String, Integer> positions() {
                return Map.of();
            }
        };
        ProgressBroadcaster broadcaster = new ProgressBroadcaster(store, queue, new SimpleMeterRegistry());
        List<String> sent = new CopyOnWriteArrayList<>();
        broadcaster.all(List.of()).subscribe().with(u -> sent.add(u.status()));

        Thread first = new Thread(() -> broadcaster.publish("run"));
        first.start();
        assertTrue(firstReading.await(10, TimeUnit.SECONDS), "the first publisher reads");
        Thread second = new Thread(() -> broadcaster.publish("run"));
        second.start();
        // The second publisher either waits for the first (BLOCKED) or, unordered, has already sent its read.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (second.getState() != Thread.State.BLOCKED && second.getState() != Thread.State.TERMINATED) {
            assertTrue(System.nanoTime() < deadline, "the second publisher ran: " + second.getState());
            Thread.onSpinWait();
        }
        release.countDown();
        first.join(10_000);
        second.join(10_000);
        assertEquals(List.of("PREPROCESSING", "WAITING"), sent, "sent in the order read");
    }

    private static Experiment experiment(String id, ExperimentStatus status) {
        Experiment e = new Experiment();
        e.id = id;
        e.status = status;
        e.epochs = 2;
        return e;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
