package dev.ferlab.trainer.metrics;

import dev.ferlab.common.messaging.TrainingProgress;
import dev.ferlab.common.metrics.PipelineMeters;
import dev.ferlab.trainer.repository.TrainingQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The trainer's meters: the shared queue's depth and this trainer's throughput. */
@ApplicationScoped
public class TrainingMeters {
    private final TrainingQueue queue;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicReference<Double> lastImagesPerSecond = new AtomicReference<>(0.0);
    private final Counter images;

    public TrainingMeters(MeterRegistry registry, TrainingQueue queue) {
        this.queue = queue;
        // Read from a figure kept fresh in the background: a scrape never waits on the database.
        Gauge.builder(PipelineMeters.TRAINING_QUEUE_DEPTH, waiting, AtomicLong::get)
                .description("experiments in the training queue waiting for a trainer").register(registry);
        Gauge.builder(PipelineMeters.TRAINING_IMAGES_PER_SECOND, lastImagesPerSecond, AtomicReference::get)
                .description("training images per second in this trainer's last epoch").register(registry);
        images = Counter.builder(PipelineMeters.TRAINING_IMAGES).baseUnit("images")
                .description("images trained on by this trainer, summed over epochs").register(registry);
    }

    /** An epoch ended: its images join the count whose rate Prometheus reports. */
    public void epochTrained(TrainingProgress progress) {
        images.increment(Math.round(progress.imagesPerSecond() * progress.epochSeconds()));
        lastImagesPerSecond.set(progress.imagesPerSecond());
    }

    @Scheduled(every = "${ferlab.trainer.metrics-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshQueueDepth() {
        try {
            waiting.set(queue.waiting());
        } catch (java.sql.SQLException e) {
            // The database is away: the gauge keeps its last figure until it answers again.
        }
    }
}
