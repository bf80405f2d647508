package dev.ferlab.trainer.service;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
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
 * moments are not kept: a resumed Adam starts them afresh.
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

    Checkpoints(ObjectStore store, String experimentId) {
        this.store = store;
        this.experimentId = experimentId;
        this.prefix = "experiments/" + experimentId + "/checkpoints/";
    }

    Optional<Checkpoint> latest() throws IOException {
        String key = prefix + "latest.json";
        return store.exists(Buckets.MODELS, key)
                ? Optional.of(store.getJson(Buckets.MODELS, key, Checkpoint.class)) : Optional.empty();
    }

    void save(Block block, int epoch, int batchesDone, EarlyStopping.State earlyStopping) throws IOException {
        store.put(Buckets.MODELS, prefix + "latest.params", encode(block), "application/octet-stream");
        store.putJson(Buckets.MODELS, prefix + "latest.json", new Checkpoint(experimentId, epoch, batchesDone,
                earlyStopping, Instant.now()));
    }

    void restore(Block block, NDManager manager) throws IOException {
        decode(block, manager, store.get(Buckets.MODELS, prefix + "latest.params"), "models/" + prefix
                + "latest.params");
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
