package dev.ferlab.gateway.experiment.messaging;

import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.messaging.TrainingProgress;
import dev.ferlab.gateway.experiment.service.ExperimentStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Follows every event topic and records what it says about each experiment. */
@ApplicationScoped
public class ExperimentEventsConsumer {
    private final ExperimentStore store;

    public ExperimentEventsConsumer(ExperimentStore store) {
        this.store = store;
    }

    @Incoming("shards-ready")
    @Blocking
    public void onShardsReady(ShardsReady event) {
        store.shardsReady(event.experimentId(), event.shardSetId());
    }

    @Incoming("training-progress")
    @Blocking
    public void onProgress(TrainingProgress event) {
        store.progress(event);
    }

    @Incoming("models-trained")
    @Blocking
    public void onModelTrained(ModelTrained event) {
        store.modelTrained(event.experimentId());
    }

    @Incoming("evaluations-completed")
    @Blocking
    public void onEvaluated(EvaluationCompleted event) {
        store.evaluated(event);
    }

    @Incoming("experiments-failed")
    @Blocking
    public void onFailed(ExperimentFailed event) {
        store.failed(event);
    }
}
