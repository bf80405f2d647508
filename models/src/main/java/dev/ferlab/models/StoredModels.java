package dev.ferlab.models;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import dev.ferlab.common.models.ModelDescriptor;
import dev.ferlab.common.models.ModelFiles;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fetches a model stored in bucket {@code models} (a trained experiment's, or pretrained weights) and rebuilds it
 * from its descriptor: DJL's model file ({@code Model.save}) beside a {@link ModelDescriptor}.
 */
public final class StoredModels {
    /** The first bytes of every file {@code Model.save} writes. */
    private static final byte[] PARAMS_MAGIC = "DJL@".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private StoredModels() {
    }

    /** The caller closes the model. A model file that cannot be read raises an IOException saying so. */
    public static Model load(ObjectStore store, String prefix, ModelDescriptor descriptor) throws IOException {
        Path dir = Files.createTempDirectory("ferlab-eval-");
        try {
            if (descriptor.safetensors()) {
                Path file = dir.resolve(descriptor.weightsFile());
                store.download(Buckets.MODELS, prefix + descriptor.weightsFile(), file);
                return loadSafetensors(file, descriptor);
            }
            store.download(Buckets.MODELS, prefix + ModelFiles.PARAMS, dir.resolve(ModelFiles.LOCAL_PARAMS));
            return loadLocal(dir, descriptor, "models/" + prefix + ModelFiles.PARAMS);
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Builds the descriptor's network and reads {@link ModelFiles#LOCAL_PARAMS} in {@code dir} into it.
     *
     * @param what the file as the error message names it
     */
    static Model loadLocal(Path dir, ModelDescriptor descriptor, String what) throws IOException {
        // DJL's loader returns quietly, leaving the random initial weights, when a file lacks its magic bytes:
        // such a model would be scored as if trained. Refuse it here.
        byte[] head = new byte[PARAMS_MAGIC.length];
        try (java.io.InputStream in = Files.newInputStream(dir.resolve(ModelFiles.LOCAL_PARAMS))) {
            int n = in.readNBytes(head, 0, head.length);
            if (n < head.length || !java.util.Arrays.equals(head, PARAMS_MAGIC)) {
                throw new IOException("model file " + what + " cannot be read: it is not a DJL parameter file "
                        + "(it does not start with \"DJL@\"; " + Files.size(dir.resolve(ModelFiles.LOCAL_PARAMS))
                        + " bytes)");
            }
        }
        Model model = Model.newInstance(ModelFiles.NAME);
        try {
            build(model, descriptor);
            model.load(dir, ModelFiles.NAME);
            return model;
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException("model file " + what + " cannot be read as a " + descriptor.architecture().id()
                    + " with " + descriptor.classes().size() + " classes: " + e.getMessage(), e);
        }
    }

    /** Imported torchvision weights, as a network of the descriptor's classes. */
    static Model loadSafetensors(Path file, ModelDescriptor descriptor) throws IOException {
        Model model = Model.newInstance(ModelFiles.NAME);
        try {
            build(model, descriptor);
            TorchvisionImport.apply(model.getBlock(), descriptor.architecture(), file);
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The descriptor's network, initialised before weights go in, so that layers that infer their input size can. */
    private static void build(Model model, ModelDescriptor descriptor) {
        model.setBlock(ModelFactory.build(descriptor.architecture(), descriptor.classes().size()));
        model.getBlock().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                ModelFactory.inputShape(1, descriptor.channels(), descriptor.imageSize()));
    }

    public static ModelDescriptor descriptor(ObjectStore store, String prefix) throws IOException {
        return store.getJson(Buckets.MODELS, prefix + ModelFiles.DESCRIPTOR, ModelDescriptor.class);
    }
}
