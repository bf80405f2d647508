package dev.ferlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/** The training settings an experiment and a grid share; what is left out takes the gateway's default. */
final class TrainingOptions {
    @Option(names = "--epochs", paramLabel = "N")
    Integer epochs;
    @Option(names = "--batch-size", paramLabel = "N")
    Integer batchSize;
    @Option(names = "--learning-rate", paramLabel = "X")
    Double learningRate;
    @Option(names = "--max-batches", paramLabel = "N", description = "batches per epoch at most (0: all)")
    Integer maxBatches;
    @Option(names = "--early-stopping", paramLabel = "PATIENCE")
    Integer earlyStopping;

    void putInto(ObjectNode body) {
        FerlabCli.putIfSet(body, "epochs", epochs);
        FerlabCli.putIfSet(body, "batchSize", batchSize);
        FerlabCli.putIfSet(body, "learningRate", learningRate);
        FerlabCli.putIfSet(body, "maxBatchesPerEpoch", maxBatches);
        FerlabCli.putIfSet(body, "earlyStoppingPatience", earlyStopping);
    }
}
