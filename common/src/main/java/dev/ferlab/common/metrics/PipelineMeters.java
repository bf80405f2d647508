package dev.ferlab.common.metrics;

import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.messaging.Stage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * ferlab's own meters, named once for every service and for the dashboards that read them (Prometheus adds the
 * unit suffixes: {@code ferlab_stage_duration_seconds}, {@code ferlab_training_images_total}, ...). HTTP and Kafka
 * client meters (consumer lag among them) come from Quarkus itself.
 */
public final class PipelineMeters {
    /**
     * Counter: messages a consumer took, tagged {@code channel} and {@code result}: {@code success}, or
     * {@code failure} when the message went to its dead-letter topic (Micrometer's {@code @Counted} on each
     * {@code @Incoming} method).
     */
    public static final String MESSAGES = "ferlab.messages";
    public static final String MESSAGES_DESCRIPTION = "messages a consumer took, and whether it handled them";
    /** Timer: one experiment's preprocessing, training or evaluation, tagged {@code stage} and {@code outcome}. */
    public static final String STAGE_DURATION = "ferlab.stage.duration";
    /** Gauge: experiments in the training queue waiting for a trainer. */
    public static final String TRAINING_QUEUE_DEPTH = "ferlab.training.queue.depth";
    /** The gateway's open Server-Sent Events streams (a dashboard page holds one). */
    public static final String GATEWAY_STREAMS_OPEN = "ferlab.gateway.streams.open";
    /** Counter: images trained on, summed over epochs; its rate is the trainers' throughput. */
    public static final String TRAINING_IMAGES = "ferlab.training.images";
    /** Gauge: the last epoch's training images per second on this trainer. */
    public static final String TRAINING_IMAGES_PER_SECOND = "ferlab.training.images.per.second";

    private PipelineMeters() {
    }

    /** Runs one stage of an experiment and records how long it took, and whether it returned or threw. */
    public static <T> T timeStage(MeterRegistry registry, Stage stage, Retrying.Work<T> work) throws Exception {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "failed";
        try {
            T result = work.call();
            outcome = "done";
            return result;
        } finally {
            sample.stop(Timer.builder(STAGE_DURATION).description("one experiment's pass through a pipeline stage")
                    .tag("stage", stage.id()).tag("outcome", outcome).register(registry));
        }
    }
}
