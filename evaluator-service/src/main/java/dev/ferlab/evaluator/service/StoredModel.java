package dev.ferlab.evaluator.service;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.models.ModelDescriptor;
import dev.ferlab.models.ModelFactory;
import dev.ferlab.models.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Fetches a trained model from bucket {@code models} and rebuilds it from its descriptor. */
final class StoredModel {
    private StoredModel() {
    }

    /** The caller closes the model. A model file that cannot be read raises an IOException saying so. */
    static Model load(ObjectStore store, String prefix, ModelDescriptor descriptor) throws IOException {
        Path dir = Files.createTempDirectory("ferlab-eval-");
        try {
            store.download(Buckets.MODELS, prefix + ModelFiles.PARAMS, dir.resolve(ModelFiles.LOCAL_PARAMS));
            Model model = Model.newInstance(ModelFiles.NAME);
            try {
                model.setBlock(ModelFactory.build(descriptor.architecture(), descriptor.classes().size()));
                model.load(dir, ModelFiles.NAME);
                return model;
            } catch (MalformedModelException | IOException | RuntimeException e) {
                model.close();
                throw new IOException("model file models/" + prefix + ModelFiles.PARAMS + " cannot be read as a "
                        + descriptor.architecture().id() + " with " + descriptor.classes().size() + " classes: "
                        + e.getMessage(), e);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static ModelDescriptor descriptor(ObjectStore store, String prefix) throws IOException {
        return store.getJson(Buckets.MODELS, prefix + ModelFiles.DESCRIPTOR, ModelDescriptor.class);
    }
}
