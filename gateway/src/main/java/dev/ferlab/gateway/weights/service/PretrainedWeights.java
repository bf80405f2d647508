package dev.ferlab.gateway.weights.service;

import dev.ferlab.common.fault.Faults;
import dev.ferlab.common.hash.Sha256;
import dev.ferlab.common.models.ModelDescriptor;
import dev.ferlab.common.models.ModelFiles;
import dev.ferlab.common.models.Normalization;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.spec.TransferMode;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.common.weights.TorchvisionNames;
import dev.ferlab.common.weights.TorchvisionWeights;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * The pretrained weights that {@code partial} and {@code full} start from, in bucket {@code models} under
 * {@code pretrained/<model>/}: imports of torchvision's published weights, checked whole before a byte is stored,
 * stored by content and announced by the descriptor written last; and which models have none.
 */
@ApplicationScoped
public class PretrainedWeights {
    private static final Logger LOG = Logger.getLogger(PretrainedWeights.class);
    private final ObjectStore store;

    public PretrainedWeights(ObjectStore store) {
        this.store = store;
    }

    /** @param created false when the same file was stored already (nothing written) */
    public record Imported(ModelDescriptor descriptor, long parameters, boolean created) {
    }

    /**
     * Checks {@code file} against the model's torchvision name table, then stores it as
     * {@code pretrained/<model>/<sha-256>.safetensors} and the descriptor after it: a failed or refused import
     * leaves the weights stored before as they were.
     *
     * @param fileName the name the user gave the file, kept in the descriptor's {@code source}
     */
    public Imported importFile(ModelArchitecture model, Path file, String fileName) throws IOException {
        TorchvisionWeights.Checked checked = TorchvisionWeights.check(model, file);
        String sha = sha256(file);
        String prefix = ModelFiles.pretrainedPrefix(model);
        String weights = sha + ModelFiles.SAFETENSORS_SUFFIX;
        Optional<ModelDescriptor> current = descriptor(model);
        if (current.isPresent() && weights.equals(current.get().weights())) {
            return new Imported(current.get(), checked.parameters(), false);
        }
        List<String> classes = IntStream.range(0, checked.classes()).mapToObj(i -> "class-" + i).toList();
        ModelDescriptor descriptor = new ModelDescriptor(null, model, classes, 3, 224, 0, null,
                Normalization.IMAGENET, weights, "torchvision state_dict (safetensors)"
                        + (fileName == null || fileName.isBlank() ? "" : " " + fileName.strip())
                        + ", sha256 " + sha + ", imported " + Instant.now());
        store.putFile(Buckets.MODELS, prefix + weights, file);
        store.putJson(Buckets.MODELS, descriptorKey(model), descriptor);
        LOG.infof("pretrained %s weights imported: %d classes, %d parameters, models/%s%s", model.id(),
                checked.classes(), checked.parameters(), prefix, weights);
        return new Imported(descriptor, checked.parameters(), true);
    }

    /** What stores a model's weights: torchvision's imported, or for the small CNN (never published) a ferlab model. */
    public static String howToAdd(ModelArchitecture model) {
        return TorchvisionNames.published(model)
                ? "./ferlab weights import " + model.id() + " FILE.safetensors"
                : "no published weights: copy a trained " + model.id() + "'s experiments/<id>/final/model.params and "
                        + "model.json to models/pretrained/" + model.id() + "/";
    }

    public Optional<ModelDescriptor> descriptor(ModelArchitecture model) throws IOException {
        String key = descriptorKey(model);
        return store.exists(Buckets.MODELS, key)
                ? Optional.of(store.getJson(Buckets.MODELS, key, ModelDescriptor.class)) : Optional.empty();
    }

    /**
     * The models among {@code specs}' fine-tuning runs that have no weights stored, in id order. An object store
     * that does not answer is not a reason to refuse work: the check is skipped (the trainer waits for the store
     * and fails a run that truly lacks weights).
     */
    public List<ModelArchitecture> missingFor(Collection<ExperimentSpec> specs) {
        TreeSet<ModelArchitecture> needed = new TreeSet<>((a, b) -> a.id().compareTo(b.id()));
        specs.stream().filter(s -> s.transferMode() != TransferMode.NONE).forEach(s -> needed.add(s.model()));
        List<ModelArchitecture> missing = new ArrayList<>();
        for (ModelArchitecture m : needed) {
            try {
                if (!store.exists(Buckets.MODELS, descriptorKey(m))) {
                    missing.add(m);
                }
            } catch (IOException e) {
                if (!Faults.isInfrastructure(e)) {
                    throw new IllegalStateException(e);
                }
                LOG.warnf("the object store does not answer (%s): pretrained weights not checked at submission",
                        Faults.describe(e));
                return List.of();
            }
        }
        return missing;
    }

    /** Refuses {@code specs} when a fine-tuning run among them has no weights to start from. */
    public void requireFor(Collection<ExperimentSpec> specs) {
        List<ModelArchitecture> missing = missingFor(specs);
        if (!missing.isEmpty()) {
            throw new MissingWeightsException(missing);
        }
    }

    /** The descriptor, written last: its presence means the model's weights are stored whole. */
    private static String descriptorKey(ModelArchitecture model) {
        return ModelFiles.pretrainedPrefix(model) + ModelFiles.DESCRIPTOR;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = Sha256.digest();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
