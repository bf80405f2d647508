package dev.ferlab.preprocess.service;

import dev.ferlab.common.labels.EmotionLabel;
import dev.ferlab.common.messaging.ExperimentRequested;
import dev.ferlab.common.messaging.ShardsReady;
import dev.ferlab.common.shards.ShardFormat;
import dev.ferlab.common.shards.ShardManifest;
import dev.ferlab.common.shards.ShardRef;
import dev.ferlab.common.shards.ShardWriter;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.shards.SplitManifest;
import dev.ferlab.common.spec.Balancing;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.PreprocessingSpec;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.preprocess.dataset.DatasetSource;
import dev.ferlab.preprocess.dataset.DatasetSources;
import dev.ferlab.preprocess.dataset.LabeledImage;
import dev.ferlab.preprocess.split.StratifiedSplitter;
import dev.ferlab.preprocess.balance.Undersampler;
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
import org.jboss.logging.Logger;

/**
 * Turns an experiment's dataset and preprocessing spec into a stored shard set: decode, grayscale, resize,
 * stratified split, optional balancing of the training split, shards, and the manifest last (its presence means
 * the set is complete). An identical earlier request's shard set is reused and nothing is written.
 */
@ApplicationScoped
public class PreprocessingService {
    private static final Logger LOG = Logger.getLogger(PreprocessingService.class);
    private final ObjectStore store;

    public PreprocessingService(ObjectStore store) {
        this.store = store;
    }

    public ShardsReady prepare(ExperimentRequested request) throws IOException {
        ExperimentSpec spec = request.spec();
        PreprocessingSpec pre = spec.preprocessing();
        refuseUnavailable(pre);
        DatasetSource source = DatasetSources.resolve(spec.dataset());
        String datasetHash = source.contentHash();
        String shardSetId = ShardSetIds.of(datasetHash, pre, spec.seed());
        String manifestKey = ShardManifest.manifestKey(shardSetId);
        if (store.exists(Buckets.SHARDS, manifestKey)) {
            LOG.infof("experiment %s reuses shard set %s", request.experimentId(), shardSetId);
            return shardsReady(request, store.getJson(Buckets.SHARDS, manifestKey, ShardManifest.class), true);
        }
        ShardManifest manifest = build(spec, source, datasetHash, shardSetId);
        store.putJson(Buckets.SHARDS, manifestKey, manifest);
        LOG.infof("experiment %s: shard set %s written (%s)", request.experimentId(), shardSetId,
                manifest.classCounts());
        return shardsReady(request, manifest, false);
    }

    private ShardManifest build(ExperimentSpec spec, DatasetSource source, String datasetHash, String shardSetId)
            throws IOException {
        PreprocessingSpec pre = spec.preprocessing();
        List<LabeledImage> images = source.load(pre.imageSize());
        List<EmotionLabel> classes = new ArrayList<>(new TreeSet<>(images.stream().map(LabeledImage::label).toList()));
        LinkedHashMap<String, List<Integer>> counts = new LinkedHashMap<>();
        counts.put("dataset", countPerClass(images, classes));

        Map<Split, List<LabeledImage>> splits = StratifiedSplitter.split(images, spec.seed());
        for (Split s : Split.values()) {
            counts.put(s.id(), countPerClass(splits.get(s), classes));
        }
        if (pre.balancing() == Balancing.UNDERSAMPLE) {
            splits.put(Split.TRAIN, Undersampler.undersample(splits.get(Split.TRAIN), spec.seed()));
            counts.put("train.undersampled", countPerClass(splits.get(Split.TRAIN), classes));
        }

        Map<String, SplitManifest> parts = new LinkedHashMap<>();
        Random order = new Random(spec.seed());
        for (Split s : Split.values()) {
            List<LabeledImage> members = new ArrayList<>(splits.get(s));
            // Mixed classes within each shard, so a reader that streams shard by shard sees every class early.
            Collections.shuffle(members, order);
            ShardWriter writer = new ShardWriter(shardSetId + "/" + s.id(), pre.imageSize(), pre.imageSize(), 1,
                    ShardFormat.DEFAULT_IMAGES_PER_SHARD,
                    (key, bytes) -> store.put(Buckets.SHARDS, key, bytes, "application/octet-stream"));
            for (LabeledImage image : members) {
                writer.add(classes.indexOf(image.label()), image.pixels());
            }
            List<ShardRef> refs = writer.finish();
            parts.put(s.id(), new SplitManifest(members.size(), countPerClass(members, classes), refs));
        }
        return new ShardManifest(ShardFormat.VERSION, shardSetId, spec.dataset(), datasetHash, pre, spec.seed(),
                classes.stream().map(EmotionLabel::canonical).toList(), pre.imageSize(), pre.imageSize(), 1, counts,
                parts, Instant.now());
    }

    /** Steps of the spec that this version cannot do yet: refused with a reason rather than silently skipped. */
    private static void refuseUnavailable(PreprocessingSpec pre) {
        if (pre.clahe()) {
            throw new IllegalArgumentException("preprocessing.clahe is not available in this version of ferlab; "
                    + "submit with clahe=false");
        }
        if (pre.balancing() == Balancing.SMOTE) {
            throw new IllegalArgumentException("preprocessing.balancing=smote is not available in this version of "
                    + "ferlab; use none or undersample");
        }
        if (pre.balanceBeforeSplit()) {
            throw new IllegalArgumentException("preprocessing.balanceBeforeSplit is not available in this version "
                    + "of ferlab; balancing applies to the training split");
        }
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
                manifest.split(Split.TEST).count(), reused);
    }
}
