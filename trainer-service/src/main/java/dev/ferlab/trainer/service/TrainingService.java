package dev.ferlab.trainer.service;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.messaging.TrainingProgress;
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
import dev.ferlab.models.ModelDescriptor;
import dev.ferlab.models.ModelFactory;
import dev.ferlab.models.ModelFiles;
import dev.ferlab.models.StoredModels;
import dev.ferlab.models.TransferLearning;
import dev.ferlab.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Trains one experiment: loads its shard set, builds the network, fits it with Adam and softmax cross-entropy,
 * reports every epoch, and stores the final weights with a descriptor in bucket {@code models}.
 */
@ApplicationScoped
public class TrainingService {
    private static final Logger LOG = Logger.getLogger(TrainingService.class);
    private final ObjectStore store;
    private final ShardSetLoader shards;
    private final TrainerConfig config;

    public TrainingService(ObjectStore store, TrainerConfig config) {
        this.store = store;
        this.shards = new ShardSetLoader(store);
        this.config = config;
    }

    /** Loads the engine at start-up, so the first experiment does not pay for it and a broken install shows early. */
    public void warmUp() {
        Engines.preferOffline();
        if (config.computeThreads() > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(config.computeThreads()));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Engine engine = Engine.getInstance();
        LOG.infof("engine %s %s on %s", engine.getEngineName(), engine.getVersion(), Engines.device());
    }

    public ModelTrained train(ShardsReady ready, Consumer<TrainingProgress> progress)
            throws IOException, TranslateException {
        ExperimentSpec spec = ready.spec();
        ShardManifest manifest = shards.manifest(ready.manifestKey());
        ImageSet train = shards.load(manifest, Split.TRAIN);
        ImageSet validation = shards.load(manifest, Split.VALIDATION);
        int classes = manifest.classes().size();
        int channels = ModelFactory.inputChannels(spec.model());
        Engine.getInstance().setRandomSeed((int) spec.seed());

        Checkpoints checkpoints = new Checkpoints(store, ready.experimentId());
        int startEpoch = checkpoints.latest().map(Checkpoints.Checkpoint::epoch).map(e -> Math.min(e, spec.epochs()))
                .orElse(0);
        ImageSetDataset trainData = new ImageSetDataset(train, spec.batchSize(), true, spec.seed(),
                spec.maxBatchesPerEpoch(), channels).startAtPass(startEpoch);
        ImageSetDataset validationData = new ImageSetDataset(validation, spec.batchSize(), false, spec.seed(),
                spec.maxBatchesPerEpoch(), channels);
        ProgressListener listener = new ProgressListener(ready.experimentId(), startEpoch, spec.epochs(),
                trainData.imageCount(), progress);
        long start = System.nanoTime();
        Path dir = Files.createTempDirectory("ferlab-model-");
        try (Model model = Model.newInstance(ModelFiles.NAME)) {
            model.setBlock(ModelFactory.build(spec.model(), classes));
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(
                            Tracker.fixed((float) spec.learningRate())).build())
                    .optDevices(new ai.djl.Device[] {Engines.device()})
                    .addEvaluator(new Accuracy())
                    .addTrainingListeners(TrainingListener.Defaults.basic())
                    .addTrainingListeners(new CheckpointListener(checkpoints, startEpoch), listener);
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                Shape input = ModelFactory.inputShape(1, channels, manifest.height());
                trainer.initialize(input);
                if (spec.transferMode() != TransferMode.NONE && startEpoch == 0) {
                    startFromPretrained(spec, model, ready.experimentId());
                }
                if (spec.transferMode() == TransferMode.PARTIAL) {
                    TransferLearning.Freezing f = TransferLearning.freezeForPartial(model.getBlock());
                    LOG.infof("experiment %s: partial fine-tuning, %d of %d parameters trainable (%.1f%%)",
                            ready.experimentId(), f.trainable(), f.total(), 100 * f.trainableShare());
                }
                if (startEpoch > 0) {
                    checkpoints.restore(model.getBlock(), model.getNDManager());
                    LOG.infof("experiment %s: resuming from the checkpoint of epoch %d", ready.experimentId(),
                            startEpoch);
                }
                LOG.infof("experiment %s: training %s on %d images, %d classes, epochs %d to %d",
                        ready.experimentId(), spec.model().id(), train.count(), classes, startEpoch + 1, spec.epochs());
                EasyTrain.fit(trainer, spec.epochs() - startEpoch, trainData, validationData);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String prefix = ModelFiles.experimentPrefix(ready.experimentId());
            model.save(dir, ModelFiles.NAME);
            store.putFile(Buckets.MODELS, prefix + ModelFiles.PARAMS, savedParams(dir));
            store.putJson(Buckets.MODELS, prefix + ModelFiles.DESCRIPTOR, new ModelDescriptor(ready.experimentId(),
                    spec.model(), manifest.classes(), channels, manifest.height(),
                    listener.epochsDone(), manifest.shardSetId()));
            LOG.infof("experiment %s: trained in %.1f s, stored under models/%s", ready.experimentId(), seconds,
                    prefix);
            return new ModelTrained(ready.experimentId(), spec, ready.shardSetId(), ready.manifestKey(), prefix,
                    manifest.classes(), listener.epochsDone(), seconds, startEpoch);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Copies the architecture's pretrained weights (all but a classifier of another size) into the model. */
    private void startFromPretrained(ExperimentSpec spec, Model model, String experimentId) throws IOException {
        String prefix = ModelFiles.pretrainedPrefix(spec.model());
        if (!store.exists(Buckets.MODELS, prefix + ModelFiles.DESCRIPTOR)
                || !store.exists(Buckets.MODELS, prefix + ModelFiles.PARAMS)) {
            throw new IllegalArgumentException("transferMode " + spec.transferMode().id() + " needs pretrained "
                    + spec.model().id() + " weights at models/" + prefix + ModelFiles.PARAMS + " with "
                    + ModelFiles.DESCRIPTOR + " beside them (see README, Pretrained weights); none are stored");
        }
        ModelDescriptor descriptor = StoredModels.descriptor(store, prefix);
        if (descriptor.architecture() != spec.model()) {
            throw new IllegalArgumentException("models/" + prefix + " holds " + descriptor.architecture().id()
                    + " weights, not " + spec.model().id());
        }
        try (Model pretrained = StoredModels.load(store, prefix, descriptor)) {
            int copied = TransferLearning.copyMatching(pretrained.getBlock(), model.getBlock());
            LOG.infof("experiment %s: %d parameter arrays copied from models/%s", experimentId, copied, prefix);
        }
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
