package dev.ferlab.trainer.messaging;

import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.Publish;
import dev.ferlab.common.messaging.TrainingProgress;
import dev.ferlab.common.messaging.TrainingStarted;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes the trainer's events (see {@link Publish}). */
@ApplicationScoped
public class TrainingEvents {
    private final Emitter<Record<String, TrainingStarted>> started;
    private final Emitter<Record<String, TrainingProgress>> progress;
    private final Emitter<Record<String, ModelTrained>> trained;
    private final Emitter<Record<String, ExperimentFailed>> failed;

    public TrainingEvents(@Channel("training-started") Emitter<Record<String, TrainingStarted>> started,
            @Channel("training-progress") Emitter<Record<String, TrainingProgress>> progress,
            @Channel("models-trained") Emitter<Record<String, ModelTrained>> trained,
            @Channel("experiments-failed") Emitter<Record<String, ExperimentFailed>> failed) {
        this.started = started;
        this.progress = progress;
        this.trained = trained;
        this.failed = failed;
    }

    public void started(TrainingStarted event) {
        Publish.keyed(started, event.experimentId(), event);
    }

    public void progress(TrainingProgress event) {
        Publish.keyed(progress, event.experimentId(), event);
    }

    public void trained(ModelTrained event) {
        Publish.keyed(trained, event.experimentId(), event);
    }

    public void failed(ExperimentFailed event) {
        Publish.keyed(failed, event.experimentId(), event);
    }
}
