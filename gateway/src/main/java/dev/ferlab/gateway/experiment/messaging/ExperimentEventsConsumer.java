package dev.ferlab.gateway.experiment.messaging;

import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.json.Json;
import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.common.messaging.EvaluationFailed;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.PreprocessingProgress;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.messaging.TrainingProgress;
import dev.ferlab.common.messaging.TrainingStarted;
import dev.ferlab.common.metrics.PipelineMeters;
import dev.ferlab.gateway.evaluation.repository.EvaluationRequestRepository;
import dev.ferlab.gateway.experiment.service.ExperimentStore;
import dev.ferlab.gateway.experiment.service.ProgressBroadcaster;
import io.micrometer.core.annotation.Counted;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows every event topic and records what it says about each experiment. Payloads arrive as text and are
 * parsed here, so that a malformed one goes to this group's dead-letter topic instead of stopping the channel. A
 * database outage is waited out (an event is acknowledged only once it is stored); any other failure is tried a
 * few times, then the event goes to the dead-letter topic with the reason, from which it can be replayed.
 */
@ApplicationScoped
public class ExperimentEventsConsumer {
    private final ExperimentStore store;
    private final EvaluationRequestRepository requests;
    private final ProgressBroadcaster progress;
    private final Retrying retrying;

    public ExperimentEventsConsumer(ExperimentStore store, EvaluationRequestRepository requests,
            ProgressBroadcaster progress, Retrying retrying) {
        this.store = store;
        this.requests = requests;
        this.progress = progress;
        this.retrying = retrying;
    }

    @Incoming("preprocessing-progress")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "preprocessing-progress"})
    @Blocking
    public void onPreprocessing(String json) throws Exception {
        PreprocessingProgress event = Json.message(json, PreprocessingProgress.class,
                PreprocessingProgress::experimentId);
        record("preprocessing step", event.experimentId(), () -> store.preprocessing(event));
    }

    @Incoming("shards-ready")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "shards-ready"})
    @Blocking
    public void onShardsReady(String json) throws Exception {
        ShardsReady event = Json.message(json, ShardsReady.class, ShardsReady::experimentId);
        record("shard set", event.experimentId(), () -> store.shardsReady(event.experimentId(), event.shardSetId(),
                event.leakage()));
    }

    @Incoming("training-started")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "training-started"})
    @Blocking
    public void onTrainingStarted(String json) throws Exception {
        TrainingStarted event = Json.message(json, TrainingStarted.class, TrainingStarted::experimentId);
        record("start of training", event.experimentId(), () -> store.trainingStarted(event));
        progress.publishWaiting();
    }

    @Incoming("training-progress")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "training-progress"})
    @Blocking
    public void onProgress(String json) throws Exception {
        TrainingProgress event = Json.message(json, TrainingProgress.class, TrainingProgress::experimentId);
        record("epoch " + event.epoch(), event.experimentId(), () -> store.progress(event));
    }

    @Incoming("models-trained")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "models-trained"})
    @Blocking
    public void onModelTrained(String json) throws Exception {
        ModelTrained event = Json.message(json, ModelTrained.class, ModelTrained::experimentId);
        record("trained model", event.experimentId(), () -> store.modelTrained(event));
    }

    @Incoming("evaluations-completed")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "evaluations-completed"})
    @Blocking
    public void onEvaluated(String json) throws Exception {
        EvaluationCompleted event = Json.message(json, EvaluationCompleted.class, EvaluationCompleted::experimentId);
        if (event.crossDataset()) {
            retrying.run("recording evaluation " + event.requestId(), () -> requests.completed(event));
        } else {
            record(event.split() + " split's evaluation", event.experimentId(), () -> store.evaluated(event));
        }
    }

    @Incoming("evaluations-failed")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "evaluations-failed"})
    @Blocking
    public void onEvaluationFailed(String json) throws Exception {
        EvaluationFailed event = Json.message(json, EvaluationFailed.class, EvaluationFailed::experimentId);
        retrying.run("recording the failure of evaluation " + event.requestId(), () -> requests.failed(event));
    }

    @Incoming("experiments-failed")
    @Counted(value = PipelineMeters.MESSAGES, description = PipelineMeters.MESSAGES_DESCRIPTION,
            extraTags = {"channel", "experiments-failed"})
    @Blocking
    public void onFailed(String json) throws Exception {
        ExperimentFailed event = Json.message(json, ExperimentFailed.class, ExperimentFailed::experimentId);
        record("failure", event.experimentId(), () -> store.failed(event));
    }

    /** Stores what an event says (idempotently), then shows it to the live streams. */
    private void record(String what, String experimentId, Retrying.Step write) throws Exception {
        retrying.run("experiment " + experimentId + ": recording its " + what, () -> {
            write.run();
            progress.publish(experimentId);
        });
    }
}
