package dev.ferlab.preprocess.messaging;

import dev.ferlab.common.messaging.ExperimentFailed;
import dev.ferlab.common.messaging.PreprocessingProgress;
import dev.ferlab.common.messaging.ShardsReady;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes the preprocessor's events, keyed by experiment id, and waits for the broker's acknowledgement. */
@ApplicationScoped
public class PreprocessEvents {
    static final String SHARDS_READY = "shards-ready";
    static final String EXPERIMENTS_FAILED = "experiments-failed";

    private final Emitter<Record<String, PreprocessingProgress>> progress;
    private final Emitter<Record<String, ShardsReady>> shardsReady;
    private final Emitter<Record<String, ExperimentFailed>> failed;

    public PreprocessEvents(@Channel("preprocessing-progress") Emitter<Record<String, PreprocessingProgress>> progress,
            @Channel(SHARDS_READY) Emitter<Record<String, ShardsReady>> shardsReady,
            @Channel(EXPERIMENTS_FAILED) Emitter<Record<String, ExperimentFailed>> failed) {
        this.progress = progress;
        this.shardsReady = shardsReady;
        this.failed = failed;
    }

    public void progress(PreprocessingProgress event) {
        progress.send(Record.of(event.experimentId(), event)).toCompletableFuture().join();
    }

    public void shardsReady(ShardsReady event) {
        shardsReady.send(Record.of(event.experimentId(), event)).toCompletableFuture().join();
    }

    public void failed(ExperimentFailed event) {
        failed.send(Record.of(event.experimentId(), event)).toCompletableFuture().join();
    }
}
