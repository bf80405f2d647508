package dev.ferlab.trainer.service;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.models.ModelFiles;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One experiment's latest checkpoint in bucket {@code models}: the block's parameters, then a small JSON record of
 * where training stood (written second, so its presence means the parameters are complete). The optimiser's
 * moments are not kept: a resumed Adam starts them afresh. Reads and writes wait out object-store outages; a write
 * happens only while the trainer still holds the experiment.
 */
final class Checkpoints {
    /**
     * @param epoch        whole epochs done
     * @param batchesDone  batches of the next epoch already applied (a trainer stopped inside an epoch), else 0
     */
    record Checkpoint(String experimentId, int epoch, int batchesDone, EarlyStopping.State earlyStopping,
            Instant savedAt) {
    }

    private final ObjectStore store;
    private final String experimentId;
    private final String prefix;
    private final Retrying retrying;
    private final TrainingControl control;

    Checkpoints(ObjectStore store, String experimentId, Retrying retrying, TrainingControl control) {
        this.store = store;
        this.experimentId = experimentId;
        this.prefix = ModelFiles.checkpointPrefix(experimentId);
        this.retrying = retrying;
        this.control = control;
    }

    Optional<Checkpoint> latest() throws Exception {
        String key = prefix + "latest.json";
        return retrying.untilAvailable("experiment " + experimentId + ": reading its checkpoint",
                () -> store.exists(Buckets.MODELS, key)
                        ? Optional.of(store.getJson(Buckets.MODELS, key, Checkpoint.class)) : Optional.empty());
    }

    void save(Block block, int epoch, int batchesDone, EarlyStopping.State earlyStopping) throws Exception {
        Path params = Files.createTempFile("ferlab-checkpoint-", ".params");
        try {
            encode(block, params);
            Checkpoint checkpoint = new Checkpoint(experimentId, epoch, batchesDone, earlyStopping, Instant.now());
            retrying.untilAvailable("experiment " + experimentId + ": storing the checkpoint of epoch " + epoch,
                    () -> {
                        control.ensureHeld();
                        store.putFile(Buckets.MODELS, prefix + "latest.params", params);
                        store.putJson(Buckets.MODELS, prefix + "latest.json", checkpoint);
                    });
        } finally {
            Files.deleteIfExists(params);
        }
    }

    void restore(Block block, NDManager manager) throws Exception {
        Path params = Files.createTempFile("ferlab-checkpoint-", ".params");
        try {
            retrying.untilAvailable("experiment " + experimentId + ": reading its checkpoint",
                    () -> store.download(Buckets.MODELS, prefix + "latest.params", params));
            decode(block, manager, params, "models/" + prefix + "latest.params");
        } finally {
            Files.deleteIfExists(params);
        }
    }

    /**
     * The block's parameters (trainable or frozen) in DJL's format, written to {@code file}: through a file, not
     * the heap, since VGG16's are 537 MB and a byte array of them, grown by doubling, outgrew the trainer's 2 GiB
     * heap (the 27-run browser test, issue 18).
     */
    static void encode(Block block, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    /** Sets an initialised block's parameters from {@link #encode}'s file; {@code source} names them in errors. */
    static void decode(Block block, NDManager manager, Path file, String source) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint " + source + " cannot be read: " + e.getMessage(), e);
        }
    }
}
