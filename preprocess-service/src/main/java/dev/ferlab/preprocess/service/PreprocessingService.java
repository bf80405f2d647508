package dev.ferlab.preprocess.service;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.messaging.EvaluationPrepared;
import dev.ferlab.common.messaging.EvaluationRequested;
import dev.ferlab.common.messaging.ExperimentRequested;
import dev.ferlab.common.messaging.PreprocessingProgress;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.shards.LeakageAudit;
import dev.ferlab.common.shards.ShardFormat;
import dev.ferlab.common.shards.ShardManifest;
import dev.ferlab.common.shards.ShardWriter;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.shards.SplitManifest;
import dev.ferlab.common.spec.Balancing;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.PreprocessingSpec;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.preprocess.dataset.DatasetCache;
import dev.ferlab.preprocess.dataset.DatasetSource;
import dev.ferlab.preprocess.dataset.DatasetSources;
import dev.ferlab.preprocess.dataset.LabeledImage;
import dev.ferlab.preprocess.split.StratifiedSplitter;
import dev.ferlab.preprocess.audit.LeakageAuditor;
import dev.ferlab.preprocess.balance.Smote;
import dev.ferlab.preprocess.balance.Undersampler;
import dev.ferlab.preprocess.config.PreprocessConfig;
import dev.ferlab.preprocess.image.ClaheStage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Turns an experiment's dataset and preprocessing spec into a stored shard set: decode to grayscale, resize,
 * optional CLAHE, stratified split, balancing (of the training split, or of everything before the split when the
 * spec asks for the study's order), shards, and the manifest last (its presence means the set is complete). An
 * identical earlier request's shard set is reused and nothing is written.
 */
@ApplicationScoped
public class PreprocessingService {
    private static final Logger LOG = Logger.getLogger(PreprocessingService.class);
    private final ObjectStore store;
    private final PreprocessConfig config;
    private final DatasetCache datasets;

    public PreprocessingService(ObjectStore store, PreprocessConfig config) {
        this.store = store;
        this.config = config;
        this.datasets = new DatasetCache(config.datasetCache().effectiveDir(),
                config.datasetCache().maxSize().asLongValue());
    }

    /** The steps reported as progress, in order. */
    static final List<String> STEPS = List.of("hashing dataset", "loading images", "CLAHE", "splitting and balancing",
            "writing shards");

    public ShardsReady prepare(ExperimentRequested request, Consumer<PreprocessingProgress> progress)
            throws IOException {
        StepTimes times = new StepTimes();
        Consumer<String> step = s -> {
            // A step's clock starts once it is announced: the announcement waits for the broker, and is no step's work.
            times.close();
            progress.accept(new PreprocessingProgress(request.experimentId(), s, STEPS.indexOf(s), STEPS.size()));
            times.start(s);
        };
        ShardSet set = shardSet("experiment " + request.experimentId(), request.spec(), step);
        // One line per shard set with each step's seconds: benchmarks/scale.sh reads it, since a step can be over
        // before the progress event that announces it reaches a poller.
        LOG.infof("experiment %s preprocessing steps (s): %s", request.experimentId(), times.finish());
        return shardsReady(request, set.manifest(), set.reused());
    }

    /** Wall seconds of each step, in order. */
    private static final class StepTimes {
        private final StringBuilder done = new StringBuilder();
        private String current;
        private long since;

        void start(String step) {
            current = step;
            since = System.nanoTime();
        }

        String finish() {
            close();
            return done.toString();
        }

        void close() {
            if (current != null) {
                done.append(done.length() == 0 ? "" : ", ").append(current).append('=')
                        .append(String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - since) / 1e9));
                current = null;
            }
        }
    }

    /**
     * Prepares a cross-dataset evaluation's target: the requested dataset, with the trained experiment's image
     * preprocessing (size, CLAHE) and split seed, and no balancing, since evaluation data must stay real images.
     */
    public EvaluationPrepared prepare(EvaluationRequested request) throws IOException {
        ExperimentSpec trained = request.spec();
        PreprocessingSpec p = trained.preprocessing();
        PreprocessingSpec unbalanced = new PreprocessingSpec(p.imageSize(), p.clahe(), p.claheClipLimit(),
                p.claheTileGrid(), Balancing.NONE, false, p.groupBy(), p.folds(), p.fold());
        ExperimentSpec target = new ExperimentSpec(request.dataset(), unbalanced, trained.model(),
                trained.transferMode(), trained.epochs(), trained.batchSize(), trained.learningRate(), trained.seed(),
                trained.maxBatchesPerEpoch(), trained.earlyStoppingPatience());
        ShardSet set = shardSet("evaluation " + request.requestId() + " of experiment " + request.experimentId(),
                target, s -> { });
        return new EvaluationPrepared(request, set.manifest().shardSetId(),
                ShardManifest.manifestKey(set.manifest().shardSetId()));
    }

    private record ShardSet(ShardManifest manifest, boolean reused) {
    }

    private ShardSet shardSet(String what, ExperimentSpec spec, Consumer<String> step) throws IOException {
        step.accept(STEPS.get(0));
        PreprocessingSpec pre = spec.preprocessing();
        DatasetSource source = DatasetSources.resolve(spec.dataset(), store, datasets);
        String datasetHash = source.contentHash();
        String shardSetId = ShardSetIds.of(datasetHash, pre, spec.seed());
        String manifestKey = ShardManifest.manifestKey(shardSetId);
        if (store.exists(Buckets.SHARDS, manifestKey)) {
            LOG.infof("%s reuses shard set %s", what, shardSetId);
            return new ShardSet(store.getJson(Buckets.SHARDS, manifestKey, ShardManifest.class), true);
        }
        ShardManifest manifest = build(spec, source, datasetHash, shardSetId, step);
        store.putJson(Buckets.SHARDS, manifestKey, manifest);
        LOG.infof("%s: shard set %s written (%s)", what, shardSetId, manifest.classCounts());
        return new ShardSet(manifest, false);
    }

    private ShardManifest build(ExperimentSpec spec, DatasetSource source, String datasetHash, String shardSetId,
            Consumer<String> step) throws IOException {
        PreprocessingSpec pre = spec.preprocessing();
        step.accept(STEPS.get(1));
        List<LabeledImage> images = source.load(pre.imageSize());
        List<EmotionLabel> classes = new ArrayList<>(new TreeSet<>(images.stream().map(LabeledImage::label).toList()));
        LinkedHashMap<String, List<Integer>> counts = new LinkedHashMap<>();
        counts.put("dataset", countPerClass(images, classes));
        if (pre.clahe()) {
            step.accept(STEPS.get(2));
            images = ClaheStage.apply(images, pre.claheClipLimit(), pre.claheTileGrid(), pre.imageSize(),
                    config.effectiveThreads());
        }
        step.accept(STEPS.get(3));
        Map<LabeledImage, List<LabeledImage>> syntheticSources = Map.of();
        if (pre.balanceBeforeSplit()) {
            // The study's order: synthetic or dropped images reach validation and test too (leakage, on purpose,
            // measured below: the real images behind synthetic training images are tracked).
            if (pre.balancing() == Balancing.SMOTE) {
                Smote.Oversampled o = Smote.oversampleTracked(images, config.smoteNeighbours(), spec.seed(),
                        config.effectiveThreads());
                images = o.images();
                syntheticSources = o.sources();
            } else {
                images = balance(images, pre.balancing(), spec.seed());
            }
            counts.put("dataset." + pre.balancing().id(), countPerClass(images, classes));
        }
        StratifiedSplitter.Result split = pre.folds() == null
                ? StratifiedSplitter.split(images, spec.seed(), pre.groupBy())
                : StratifiedSplitter.fold(images, spec.seed(), pre.groupBy(), pre.folds(), pre.fold());
        Map<Split, List<LabeledImage>> splits = split.splits();
        for (Split s : Split.values()) {
            counts.put(s.id(), countPerClass(splits.get(s), classes));
        }
        if (!pre.balanceBeforeSplit() && pre.balancing() != Balancing.NONE) {
            splits.put(Split.TRAIN, balance(splits.get(Split.TRAIN), pre.balancing(), spec.seed()));
            counts.put("train." + pre.balancing().id(), countPerClass(splits.get(Split.TRAIN), classes));
        }

        LeakageAudit leakage = LeakageAuditor.audit(splits, pre.imageSize(), syntheticSources);
        if (leakage.leaks()) {
            LOG.warnf("shard set %s leaks: %s", shardSetId, leakage);
        }
        step.accept(STEPS.get(4));
        Map<String, SplitManifest> parts = new LinkedHashMap<>();
        Random order = new Random(spec.seed());
        for (Split s : Split.values()) {
            List<LabeledImage> members = new ArrayList<>(splits.get(s));
            // Mixed classes within each shard, so a reader that streams shard by shard sees every class early. The
            // held-out splits are shuffled by a generator of their own, so that their order does not depend on how
            // many images balancing left in training: two variants of one dataset and seed list the same test
            // images in the same order, and their predictions compare image by image (GET /api/comparisons).
            Collections.shuffle(members, s == Split.TRAIN ? order : new Random(spec.seed() * 31 + s.ordinal()));
            ShardWriter writer = new ShardWriter(shardSetId + "/" + s.id(), pre.imageSize(), pre.imageSize(), 1,
                    ShardFormat.DEFAULT_IMAGES_PER_SHARD,
                    (key, bytes) -> store.put(Buckets.SHARDS, key, bytes, "application/octet-stream"));
            for (LabeledImage image : members) {
                writer.add(classes.indexOf(image.label()), image.pixels());
            }
            parts.put(s.id(), new SplitManifest(members.size(), countPerClass(members, classes), writer.finish(),
                    split.groups() == null ? null : split.groups().get(s)));
        }
        return new ShardManifest(ShardFormat.VERSION, shardSetId, spec.dataset(), datasetHash, pre, spec.seed(),
                classes.stream().map(EmotionLabel::canonical).toList(), pre.imageSize(), pre.imageSize(), 1, counts,
                parts, leakage, Instant.now());
    }

    private List<LabeledImage> balance(List<LabeledImage> images, Balancing balancing, long seed) {
        return switch (balancing) {
            case NONE -> images;
            case UNDERSAMPLE -> Undersampler.undersample(images, seed);
            case SMOTE -> Smote.oversample(images, config.smoteNeighbours(), seed, config.effectiveThreads());
        };
    }

    private static List<Integer> countPerClass(List<LabeledImage> images, List<EmotionLabel> classes) {
        int[] counts = new int[classes.size()];
        for (LabeledImage image : images) {
            counts[classes.indexOf(image.label())]++;
        }
        return java.util.Arrays.stream(counts).boxed().toList();
    }

    private static ShardsReady shardsReady(ExperimentRequested request, ShardManifest manifest, boolean reused) {
        return new ShardsReady(request.experimentId(), request.spec(), manifest.shardSetId(),
                ShardManifest.manifestKey(manifest.shardSetId()), manifest.classes(),
                manifest.split(Split.TRAIN).count(), manifest.split(Split.VALIDATION).count(),
                manifest.split(Split.TEST).count(), reused, manifest.leakage());
    }
}
