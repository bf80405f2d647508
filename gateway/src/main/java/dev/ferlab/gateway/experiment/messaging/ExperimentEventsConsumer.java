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
import dev.ferlab.gateway.experiment.service.ProgressBroadcaster;
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
    private final ProgressBroadcaster progress;

    public ExperimentEventsConsumer(ExperimentStore store, EvaluationRequestRepository requests,
            ProgressBroadcaster progress) {
        this.store = store;
        this.requests = requests;
        this.progress = progress;
    }

    @Incoming("preprocessing-progress")
    @Blocking
    public void onPreprocessing(String json) {
        PreprocessingProgress event = Json.message(json, PreprocessingProgress.class,
                PreprocessingProgress::experimentId);
        store.preprocessing(event);
        progress.publish(event.experimentId());
    }

    @Incoming("shards-ready")
    @Blocking
    public void onShardsReady(String json) {
        ShardsReady event = Json.message(json, ShardsReady.class, ShardsReady::experimentId);
        store.shardsReady(event.experimentId(), event.shardSetId());
        progress.publish(event.experimentId());
    }

    @Incoming("training-progress")
    @Blocking
    public void onProgress(String json) {
        TrainingProgress event = Json.message(json, TrainingProgress.class, TrainingProgress::experimentId);
        store.progress(event);
        progress.publish(event.experimentId());
    }

    @Incoming("models-trained")
    @Blocking
    public void onModelTrained(String json) {
        ModelTrained event = Json.message(json, ModelTrained.class, ModelTrained::experimentId);
        store.modelTrained(event);
        progress.publish(event.experimentId());
    }

    @Incoming("evaluations-completed")
    @Blocking
    public void onEvaluated(String json) {
        EvaluationCompleted event = Json.message(json, EvaluationCompleted.class, EvaluationCompleted::experimentId);
        if (event.crossDataset()) {
            requests.completed(event);
        } else {
            store.evaluated(event);
            progress.publish(event.experimentId());
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
        progress.publish(event.experimentId());
    }
}
