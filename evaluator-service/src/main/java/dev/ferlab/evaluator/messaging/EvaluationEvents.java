package dev.ferlab.evaluator.messaging;

import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.common.messaging.EvaluationFailed;
import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.Publish;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes the evaluator's events (see {@link Publish}), after the rows they report are stored. */
@ApplicationScoped
public class EvaluationEvents {
    private final Emitter<Record<String, EvaluationCompleted>> completed;
    private final Emitter<Record<String, ExperimentFailed>> failed;
    private final Emitter<Record<String, EvaluationFailed>> evaluationFailed;

    public EvaluationEvents(@Channel("evaluations-completed") Emitter<Record<String, EvaluationCompleted>> completed,
            @Channel("experiments-failed") Emitter<Record<String, ExperimentFailed>> failed,
            @Channel("evaluations-failed") Emitter<Record<String, EvaluationFailed>> evaluationFailed) {
        this.completed = completed;
        this.failed = failed;
        this.evaluationFailed = evaluationFailed;
    }

    public void completed(EvaluationCompleted event) {
        Publish.keyed(completed, event.experimentId(), event);
    }

    public void failed(ExperimentFailed event) {
        Publish.keyed(failed, event.experimentId(), event);
    }

    /** A requested cross-dataset evaluation failed; the experiment itself stays as it was. */
    public void evaluationFailed(EvaluationFailed event) {
        Publish.keyed(evaluationFailed, event.experimentId(), event);
    }
}
