package dev.ferlab.trainer.service;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.messaging.TrainingProgress;
import dev.ferlab.common.models.ModelDescriptor;
import dev.ferlab.common.models.ModelFiles;
import dev.ferlab.common.models.Normalization;
import dev.ferlab.common.shards.ImageSet;
import dev.ferlab.common.shards.ShardManifest;
import dev.ferlab.common.shards.ShardSetLoader;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.TransferMode;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.models.Engines;
import dev.ferlab.models.ImageSetDataset;
import dev.ferlab.models.ModelFactory;
import dev.ferlab.models.NativeMemory;
import dev.ferlab.models.StoredModels;
import dev.ferlab.models.TrainingLoop;
import dev.ferlab.models.TrainingRecipe;
import dev.ferlab.models.TorchvisionImport;
import dev.ferlab.models.TransferLearning;
import dev.ferlab.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Trains one experiment: loads its shard set, builds the network, fits it with the study's recipe, reports every
 * epoch, checkpoints, and stores the final weights with a descriptor in bucket {@code models}.
 */
@ApplicationScoped
public class TrainingService {
    private static final Logger LOG = Logger.getLogger(TrainingService.class);
    private final ObjectStore store;
    private final ShardSetLoader shards;
    private final TrainerConfig config;
    private final Retrying retrying;

    /** Where a run starts: after the checkpoint's epochs and batches, with its early-stopping state. */
    record Start(int epoch, int batchesDone, EarlyStopping.State earlyStopping) {
        boolean resumed() {
            return epoch > 0 || batchesDone > 0;
        }
    }

    /** Thrown between batches once early stopping has decided; ends the fit, not the experiment. */
    private static final class EarlyStopped extends RuntimeException {
        EarlyStopped() {
            super("early stopping", null, false, false);
        }
    }

    public TrainingService(ObjectStore store, TrainerConfig config, Retrying retrying) {
        this.store = store;
        this.shards = new ShardSetLoader(store);
        this.config = config;
        this.retrying = retrying;
    }

    /** Loads the engine at start-up, so the first experiment does not pay for it and a broken install shows early. */
    public void warmUp() {
        Engines.preferOffline();
        Engines.limitThreads(config.computeThreads());
        Engine engine = Engine.getInstance();
        // What a run's exact numbers depend on besides its seed (README, "Reproducibility for a seed").
        LOG.infof("engine %s %s on %s, %d intra-op threads, %s", engine.getEngineName(), engine.getVersion(),
                Engines.device(), ai.djl.pytorch.jni.JniUtils.getNumThreads(), System.getProperty("os.arch"));
    }

    /**
     * The {@code models.trained} event stored beside an experiment's final model, if training it has ended: what a
     * trainer announces again instead of training twice.
     */
    public Optional<ModelTrained> storedOutcome(String experimentId) throws IOException {
        String key = ModelFiles.experimentPrefix(experimentId) + ModelFiles.TRAINED;
        return store.exists(Buckets.MODELS, key) ? Optional.of(store.getJson(Buckets.MODELS, key, ModelTrained.class))
                : Optional.empty();
    }

    /**
     * Trains, reading and writing the object store through outages (each write only while the claim holds).
     *
     * @throws TrainingInterrupted when {@code control} stops the run: after a checkpoint when the trainer stops,
     *                             with nothing written when the experiment was lost to another trainer
     */
    public ModelTrained train(ShardsReady ready, Consumer<TrainingProgress> progress, TrainingControl control)
            throws Exception {
        String id = ready.experimentId();
        ExperimentSpec spec = ready.spec();
        ShardManifest manifest = retrying.untilAvailable("experiment " + id + ": reading its shard set",
                () -> shards.manifest(ready.manifestKey()));
        // Loading lasts seconds at full scale: a run cancelled meanwhile stops at the next shard.
        ImageSet train = retrying.untilAvailable("experiment " + id + ": reading its training split",
                () -> shards.load(manifest, Split.TRAIN, control::checkContinue));
        ImageSet validation = retrying.untilAvailable("experiment " + id + ": reading its validation split",
                () -> shards.load(manifest, Split.VALIDATION, control::checkContinue));
        int classes = manifest.classes().size();
        int channels = ModelFactory.inputChannels(spec.model());
        Engine.getInstance().setRandomSeed((int) spec.seed());
        // Fine-tuning feeds the network its weights' input scaling (ImageNet's, for imported weights).
        ModelDescriptor pretrained = spec.transferMode() == TransferMode.NONE ? null : pretrainedDescriptor(spec, id);
        Normalization normalization = pretrained == null ? null : pretrained.normalization();

        Checkpoints checkpoints = new Checkpoints(store, id, retrying, control);
        Start start = startOf(checkpoints.latest(), spec.epochs());
        EarlyStopping earlyStopping = new EarlyStopping(spec.earlyStoppingPatience(), start.earlyStopping());
        ImageSetDataset trainData = new ImageSetDataset(train, spec.batchSize(), true, spec.seed(),
                spec.maxBatchesPerEpoch(), channels).normalized(normalization).startAtPass(start.epoch())
                .skipInNextPass(start.batchesDone());
        ProgressListener listener = new ProgressListener(id, start.epoch(), spec.epochs(), progress);
        trainData.beforeEachBatch(() -> {
            control.checkContinue();
            if (earlyStopping.triggered()) {
                throw new EarlyStopped();
            }
            listener.trainingBatch();
        });
        ImageSetDataset validationData = new ImageSetDataset(validation, spec.batchSize(), false, spec.seed(),
                spec.maxBatchesPerEpoch(), channels).normalized(normalization)
                .beforeEachBatch(listener::validationBatch);
        long began = System.nanoTime();
        try (Model model = Model.newInstance(ModelFiles.NAME)) {
            model.setBlock(ModelFactory.build(spec.model(), classes));
            // Listeners run in this order after each epoch: the checkpoint is stored before the epoch is reported,
            // so a user who has seen epoch N knows a trainer that dies now resumes after epoch N at the latest.
            DefaultTrainingConfig trainingConfig = TrainingRecipe.config(spec.learningRate())
                    .addTrainingListeners(TrainingListener.Defaults.basic())
                    .addTrainingListeners(earlyStopping,
                            new CheckpointListener(checkpoints, earlyStopping, start.epoch(), spec.epochs()),
                            listener);
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(ModelFactory.inputShape(1, channels, manifest.height()));
                prepareWeights(spec, model, pretrained, checkpoints, start, id);
                LOG.infof("experiment %s: training %s on %d images, %d classes, epochs %d to %d%s", id,
                        spec.model().id(), train.count(), classes, start.epoch() + 1, spec.epochs(),
                        start.batchesDone() > 0 ? " (from batch " + (start.batchesDone() + 1) + ")" : "");
                fit(trainer, spec, start, trainData, validationData, checkpoints, earlyStopping, listener, control,
                        id);
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            String prefix = ModelFiles.experimentPrefix(id);
            ModelTrained trained = new ModelTrained(id, spec, ready.shardSetId(), ready.manifestKey(), prefix,
                    manifest.classes(), listener.epochsDone(), seconds, start.epoch());
            storeFinal(model, trained, manifest, channels, normalization, control);
            LOG.infof("experiment %s: trained in %.1f s, stored under models/%s", id, seconds, prefix);
            return trained;
        } finally {
            NativeMemory.releaseAfter("experiment " + id);
        }
    }

    /** The next epoch and batch after the checkpoint, if any; a checkpoint at the last epoch leaves none. */
    static Start startOf(Optional<Checkpoints.Checkpoint> checkpoint, int epochs) {
        return checkpoint
                .map(c -> c.epoch() >= epochs
                        ? new Start(epochs, 0, c.earlyStopping())
                        : new Start(c.epoch(), c.batchesDone(), c.earlyStopping()))
                .orElse(new Start(0, 0, EarlyStopping.State.INITIAL));
    }

    /** Random, pretrained, or the checkpoint's weights; then the frozen layers of partial fine-tuning. */
    private void prepareWeights(ExperimentSpec spec, Model model, ModelDescriptor pretrained, Checkpoints checkpoints,
            Start start, String id) throws Exception {
        if (pretrained != null && !start.resumed()) {
            startFromPretrained(spec, model, pretrained, id);
        }
        if (spec.transferMode() == TransferMode.PARTIAL) {
            TransferLearning.Freezing f = TransferLearning.freezeForPartial(model.getBlock());
            LOG.infof("experiment %s: partial fine-tuning, %d of %d parameters trainable (%.1f%%)", id,
                    f.trainable(), f.total(), 100 * f.trainableShare());
        }
        if (start.resumed()) {
            checkpoints.restore(model.getBlock(), model.getNDManager());
            LOG.infof("experiment %s: resuming from the checkpoint after epoch %d, batch %d", id, start.epoch(),
                    start.batchesDone());
        }
    }

    /** Runs the remaining epochs; a stopping trainer leaves a checkpoint of the batch it reached. */
    private static void fit(Trainer trainer, ExperimentSpec spec, Start start, ImageSetDataset trainData,
            ImageSetDataset validationData, Checkpoints checkpoints, EarlyStopping earlyStopping,
            ProgressListener progress, TrainingControl control, String id) throws Exception {
        int remaining = earlyStopping.triggered() ? 0 : spec.epochs() - start.epoch();
        TrainingLoop loop = new TrainingLoop("experiment " + id);
        try {
            loop.fit(trainer, remaining, trainData, validationData);
        } catch (EarlyStopped e) {
            LOG.infof("experiment %s: validation loss has not improved for %d epochs, stopping early", id,
                    spec.earlyStoppingPatience());
        } catch (TrainingInterrupted e) {
            if (e.reason() == TrainingInterrupted.Reason.STOPPING) {
                int epochsDone = progress.epochsDone();
                checkpoints.save(trainer.getModel().getBlock(), epochsDone, trainData.position(),
                        earlyStopping.state());
                LOG.infof("experiment %s: stopping; checkpoint after epoch %d, batch %d", id, epochsDone,
                        trainData.position());
            }
            throw e;
        } finally {
            if (loop.skipped() > 0) {
                LOG.warnf("experiment %s: %d batch(es) left out, their gradients not finite", id, loop.skipped());
            }
        }
    }

    /**
     * The weights, their descriptor, then the {@code models.trained} event: manifest-last, so a stored event means a
     * complete model. Each write waits out an object-store outage and happens only while the claim holds.
     */
    private void storeFinal(Model model, ModelTrained trained, ShardManifest manifest, int channels,
            Normalization normalization, TrainingControl control) throws Exception {
        String id = trained.experimentId();
        String prefix = trained.modelPrefix();
        Path dir = Files.createTempDirectory("ferlab-model-");
        try {
            model.save(dir, ModelFiles.NAME);
            Path params = savedParams(dir);
            ModelDescriptor descriptor = new ModelDescriptor(id, trained.spec().model(), manifest.classes(), channels,
                    manifest.height(), trained.epochsTrained(), manifest.shardSetId(), normalization);
            retrying.untilAvailable("experiment " + id + ": storing its model", () -> {
                control.ensureHeld();
                store.putFile(Buckets.MODELS, prefix + ModelFiles.PARAMS, params);
                store.putJson(Buckets.MODELS, prefix + ModelFiles.DESCRIPTOR, descriptor);
                store.putJson(Buckets.MODELS, prefix + ModelFiles.TRAINED, trained);
            });
        } finally {
            deleteRecursively(dir);
        }
    }

    /** The descriptor of the architecture's pretrained weights; an experiment without them fails (a fault of its own). */
    private ModelDescriptor pretrainedDescriptor(ExperimentSpec spec, String experimentId) throws Exception {
        String prefix = ModelFiles.pretrainedPrefix(spec.model());
        boolean stored = retrying.untilAvailable("experiment " + experimentId + ": looking for pretrained weights",
                () -> store.exists(Buckets.MODELS, prefix + ModelFiles.DESCRIPTOR));
        if (!stored) {
            throw new IllegalArgumentException("transferMode " + spec.transferMode().id() + " needs pretrained "
                    + spec.model().id() + " weights at models/" + prefix + ": none are stored; import them with "
                    + "./ferlab weights import " + spec.model().id() + " FILE (README, Pretrained weights)");
        }
        ModelDescriptor descriptor = retrying.untilAvailable("experiment " + experimentId
                + ": reading the pretrained weights' descriptor", () -> StoredModels.descriptor(store, prefix));
        if (descriptor.architecture() != spec.model()) {
            throw new IllegalArgumentException("models/" + prefix + " holds " + descriptor.architecture().id()
                    + " weights, not " + spec.model().id());
        }
        return descriptor;
    }

    /**
     * Copies the architecture's pretrained weights (all but a classifier of another size) into the model: imported
     * torchvision weights by their name table, a ferlab model parameter by parameter.
     */
    private void startFromPretrained(ExperimentSpec spec, Model model, ModelDescriptor descriptor,
            String experimentId) throws Exception {
        String prefix = ModelFiles.pretrainedPrefix(spec.model());
        String what = "experiment " + experimentId + ": reading pretrained weights";
        int copied;
        if (descriptor.safetensors()) {
            Path file = Files.createTempFile("ferlab-pretrained-", ModelFiles.SAFETENSORS_SUFFIX);
            try {
                retrying.untilAvailable(what, () -> store.download(Buckets.MODELS, prefix + descriptor.weightsFile(),
                        file));
                copied = TorchvisionImport.apply(model.getBlock(), spec.model(), file);
            } finally {
                Files.deleteIfExists(file);
            }
        } else {
            try (Model stored = retrying.untilAvailable(what, () -> StoredModels.load(store, prefix, descriptor))) {
                copied = TransferLearning.copyMatching(stored.getBlock(), model.getBlock());
            }
        }
        LOG.infof("experiment %s: %d parameter arrays copied from models/%s%s%s", experimentId, copied, prefix,
                descriptor.weightsFile(), descriptor.normalization() == null ? ""
                        : ", inputs normalized per channel as the weights expect (mean " + descriptor.normalization()
                        .mean() + ", std " + descriptor.normalization().std() + ")");
    }

    /** DJL names the file after the epoch ({@code model-0003.params}); there is exactly one here. */
    private static Path savedParams(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".params")).findFirst()
                    .orElseThrow(() -> new IOException("DJL wrote no .params file in " + dir));
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
