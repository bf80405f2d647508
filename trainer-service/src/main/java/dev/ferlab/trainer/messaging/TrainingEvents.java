package dev.ferlab.trainer.messaging;

import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.TrainingProgress;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes the trainer's events, keyed by experiment id, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class TrainingEvents {
    private final Emitter<Record<String, TrainingProgress>> progress;
    private final Emitter<Record<String, ModelTrained>> trained;
    private final Emitter<Record<String, ExperimentFailed>> failed;

    public TrainingEvents(@Channel("training-progress") Emitter<Record<String, TrainingProgress>> progress,
            @Channel("models-trained") Emitter<Record<String, ModelTrained>> trained,
            @Channel("experiments-failed") Emitter<Record<String, ExperimentFailed>> failed) {
        this.progress = progress;
        this.trained = trained;
        this.failed = failed;
    }

    public void progress(TrainingProgress event) {
        progress.send(Record.of(event.experimentId(), event)).toCompletableFuture().join();
    }

    public void trained(ModelTrained event) {
        trained.send(Record.of(event.experimentId(), event)).toCompletableFuture().join();
    }

    public void failed(ExperimentFailed event) {
        failed.send(Record.of(event.experimentId(), event)).toCompletableFuture().join();
    }
}
