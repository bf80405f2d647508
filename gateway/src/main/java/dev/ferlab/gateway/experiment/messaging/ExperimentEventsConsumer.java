package dev.ferlab.gateway.experiment.messaging;

import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.common.messaging.EvaluationFailed;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.PreprocessingProgress;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.messaging.TrainingProgress;
import dev.ferlab.gateway.evaluation.repository.EvaluationRequestRepository;
import dev.ferlab.gateway.experiment.service.ExperimentStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows every event topic and records what it says about each experiment. Payloads arrive as text and are
 * parsed here, so that a malformed one is nacked to its dead-letter topic instead of stopping the channel.
 */
@ApplicationScoped
public class ExperimentEventsConsumer {
    private final ExperimentStore store;
    private final EvaluationRequestRepository requests;

    public ExperimentEventsConsumer(ExperimentStore store, EvaluationRequestRepository requests) {
        this.store = store;
        this.requests = requests;
    }

    @Incoming("preprocessing-progress")
    @Blocking
    public void onPreprocessing(String json) {
        PreprocessingProgress event = Json.message(json, PreprocessingProgress.class,
                PreprocessingProgress::experimentId);
        store.preprocessing(event);
    }

    @Incoming("shards-ready")
    @Blocking
    public void onShardsReady(String json) {
        ShardsReady event = Json.message(json, ShardsReady.class, ShardsReady::experimentId);
        store.shardsReady(event.experimentId(), event.shardSetId());
    }

    @Incoming("training-progress")
    @Blocking
    public void onProgress(String json) {
        TrainingProgress event = Json.message(json, TrainingProgress.class, TrainingProgress::experimentId);
        store.progress(event);
    }

    @Incoming("models-trained")
    @Blocking
    public void onModelTrained(String json) {
        ModelTrained event = Json.message(json, ModelTrained.class, ModelTrained::experimentId);
        store.modelTrained(event);
    }

    @Incoming("evaluations-completed")
    @Blocking
    public void onEvaluated(String json) {
        EvaluationCompleted event = Json.message(json, EvaluationCompleted.class, EvaluationCompleted::experimentId);
        if (event.crossDataset()) {
            requests.completed(event);
        } else {
            store.evaluated(event);
        }
    }

    @Incoming("evaluations-failed")
    @Blocking
    public void onEvaluationFailed(String json) {
        EvaluationFailed event = Json.message(json, EvaluationFailed.class, EvaluationFailed::experimentId);
        requests.failed(event);
    }

    @Incoming("experiments-failed")
    @Blocking
    public void onFailed(String json) {
        ExperimentFailed event = Json.message(json, ExperimentFailed.class, ExperimentFailed::experimentId);
        store.failed(event);
    }
}
