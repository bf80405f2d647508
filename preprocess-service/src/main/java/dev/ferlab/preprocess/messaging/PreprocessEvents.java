package dev.ferlab.preprocess.messaging;

import dev.ferlab.common.messaging.EvaluationFailed;
import dev.ferlab.common.messaging.EvaluationPrepared;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.PreprocessingProgress;
import dev.ferlab.common.messaging.Publish;
import dev.ferlab.common.messaging.ShardsReady;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes the preprocessor's events (see {@link Publish}). */
@ApplicationScoped
public class PreprocessEvents {
    static final String SHARDS_READY = "shards-ready";
    static final String EXPERIMENTS_FAILED = "experiments-failed";

    private final Emitter<Record<String, PreprocessingProgress>> progress;
    private final Emitter<Record<String, ShardsReady>> shardsReady;
    private final Emitter<Record<String, ExperimentFailed>> failed;
    private final Emitter<Record<String, EvaluationPrepared>> evaluationPrepared;
    private final Emitter<Record<String, EvaluationFailed>> evaluationFailed;

    public PreprocessEvents(@Channel("preprocessing-progress") Emitter<Record<String, PreprocessingProgress>> progress,
            @Channel(SHARDS_READY) Emitter<Record<String, ShardsReady>> shardsReady,
            @Channel(EXPERIMENTS_FAILED) Emitter<Record<String, ExperimentFailed>> failed,
            @Channel("evaluations-prepared") Emitter<Record<String, EvaluationPrepared>> evaluationPrepared,
            @Channel("evaluations-failed") Emitter<Record<String, EvaluationFailed>> evaluationFailed) {
        this.progress = progress;
        this.shardsReady = shardsReady;
        this.failed = failed;
        this.evaluationPrepared = evaluationPrepared;
        this.evaluationFailed = evaluationFailed;
    }

    public void evaluationPrepared(EvaluationPrepared event) {
        Publish.keyed(evaluationPrepared, event.request().experimentId(), event);
    }

    public void evaluationFailed(EvaluationFailed event) {
        Publish.keyed(evaluationFailed, event.experimentId(), event);
    }

    public void progress(PreprocessingProgress event) {
        Publish.keyed(progress, event.experimentId(), event);
    }

    public void shardsReady(ShardsReady event) {
        Publish.keyed(shardsReady, event.experimentId(), event);
    }

    public void failed(ExperimentFailed event) {
        Publish.keyed(failed, event.experimentId(), event);
    }
}
