package dev.ferlab.gateway.comparison.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.ferlab.common.shards.ShardManifest;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.repository.ExperimentStatus;
import dev.ferlab.gateway.rest.ConflictException;
import dev.ferlab.gateway.rest.StorageUnavailableException;
import dev.ferlab.gateway.rest.UnknownIdException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Two completed experiments compared on their test images, from the predictions the evaluator stored: McNemar's
 * exact test and a paired bootstrap interval of the accuracy difference ({@link Statistics}). Only experiments
 * tested on the same images compare: the same dataset content and split seed, neither balanced before splitting
 * (which changes what the test split holds), and the same labels in the same order.
 */
@ApplicationScoped
public class ComparisonService {
    /** The bootstrap's seed: the same pair always gives the same interval. */
    static final long BOOTSTRAP_SEED = 20_240_101L;
    private final ObjectStore store;

    public ComparisonService(ObjectStore store) {
        this.store = store;
    }

    public record Comparison(String a, String b, int testImages, double accuracyA, double accuracyB,
            Statistics.McNemar mcnemar, Statistics.Interval accuracyDifference, int resamples) {
    }

    /** The part of an evaluator's predictions file a comparison reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredPredictions(List<String> modelClasses, List<String> datasetClasses, int[] truth, int[] predicted) {
    }

    public Comparison compare(String a, String b) {
        Experiment ea = completed(a);
        Experiment eb = completed(b);
        try {
            ShardManifest ma = store.getJson(Buckets.SHARDS, ShardManifest.manifestKey(ea.shardSetId),
                    ShardManifest.class);
            ShardManifest mb = store.getJson(Buckets.SHARDS, ShardManifest.manifestKey(eb.shardSetId),
                    ShardManifest.class);
            if (!ma.datasetHash().equals(mb.datasetHash()) || ma.seed() != mb.seed()
                    || ma.preprocessing().balanceBeforeSplit() || mb.preprocessing().balanceBeforeSplit()) {
                throw new ConflictException("experiments " + a + " and " + b + " were not tested on the same images:"
                        + " they compare when trained on the same dataset with the same seed, neither balanced"
                        + " before splitting (here datasets " + ma.dataset() + " and " + mb.dataset() + ", seeds "
                        + ma.seed() + " and " + mb.seed() + ")");
            }
            StoredPredictions pa = store.getJson(Buckets.MODELS, ea.result.predictionsKey(), StoredPredictions.class);
            StoredPredictions pb = store.getJson(Buckets.MODELS, eb.result.predictionsKey(), StoredPredictions.class);
            if (!Arrays.equals(pa.truth(), pb.truth()) || !pa.datasetClasses().equals(pb.datasetClasses())) {
                throw new ConflictException("experiments " + a + " and " + b + " have different test labels ("
                        + pa.truth().length + " and " + pb.truth().length + " images); they were not tested on the"
                        + " same images");
            }
            int[] predictedA = asDatasetClasses(pa);
            int[] predictedB = asDatasetClasses(pb);
            Statistics.McNemar m = Statistics.mcnemar(pa.truth(), predictedA, predictedB);
            Statistics.Interval d = Statistics.accuracyDifference(pa.truth(), predictedA, predictedB,
                    Statistics.DEFAULT_RESAMPLES, BOOTSTRAP_SEED);
            int n = pa.truth().length;
            return new Comparison(a, b, n, (double) (m.bothRight() + m.onlyA()) / n,
                    (double) (m.bothRight() + m.onlyB()) / n, m, d, Statistics.DEFAULT_RESAMPLES);
        } catch (IOException e) {
            throw new StorageUnavailableException("the stored predictions or shard manifests", e);
        }
    }

    /** Predictions as indices into the dataset's classes (-1 for a class the dataset lacks: never right). */
    private static int[] asDatasetClasses(StoredPredictions p) {
        int[] out = new int[p.predicted().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.datasetClasses().indexOf(p.modelClasses().get(p.predicted()[i]));
        }
        return out;
    }

    private static Experiment completed(String id) {
        Experiment e = Experiment.findById(id);
        if (e == null) {
            throw new UnknownIdException("experiment", id);
        }
        if (e.status != ExperimentStatus.COMPLETED || e.result == null || e.result.predictionsKey() == null) {
            throw new ConflictException("experiment " + id + " is " + e.status + "; only completed experiments, with"
                    + " their test predictions stored, compare");
        }
        return e;
    }
}
