package dev.ferlab.trainer.service;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.models.ModelFiles;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
        byte[] params = encode(block);
        Checkpoint checkpoint = new Checkpoint(experimentId, epoch, batchesDone, earlyStopping, Instant.now());
        retrying.untilAvailable("experiment " + experimentId + ": storing the checkpoint of epoch " + epoch, () -> {
            control.ensureHeld();
            store.put(Buckets.MODELS, prefix + "latest.params", params, "application/octet-stream");
            store.putJson(Buckets.MODELS, prefix + "latest.json", checkpoint);
        });
    }

    void restore(Block block, NDManager manager) throws Exception {
        byte[] params = retrying.untilAvailable("experiment " + experimentId + ": reading its checkpoint",
                () -> store.get(Buckets.MODELS, prefix + "latest.params"));
        decode(block, manager, params, "models/" + prefix + "latest.params");
    }

    /** The block's parameters (trainable or frozen) in DJL's format. */
    static byte[] encode(Block block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    /** Sets an initialised block's parameters from {@link #encode}'s bytes; {@code source} names them in errors. */
    static void decode(Block block, NDManager manager, byte[] params, String source) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint " + source + " cannot be read: " + e.getMessage(), e);
        }
    }
}
