package dev.ferlab.evaluator.service;

import ai.djl.Model;
import dev.ferlab.common.messaging.ClassCoverage;
import dev.ferlab.common.messaging.ClassMetrics;
import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.common.messaging.EvaluationPrepared;
import dev.ferlab.common.messaging.EvaluationRequested;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.models.ModelDescriptor;
import dev.ferlab.common.models.ModelFiles;
import dev.ferlab.common.shards.ImageSet;
import dev.ferlab.common.shards.ShardManifest;
import dev.ferlab.common.shards.ShardSetLoader;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.evaluator.config.EvaluatorConfig;
import dev.ferlab.evaluator.metrics.ClassMapping;
import dev.ferlab.evaluator.metrics.ClassificationReport;
import dev.ferlab.evaluator.repository.Evaluation;
import dev.ferlab.evaluator.repository.EvaluationRepository;
import dev.ferlab.evaluator.repository.PredictionStore;
import dev.ferlab.models.Engines;
import dev.ferlab.models.NativeMemory;
import dev.ferlab.models.Predictions;
import dev.ferlab.models.StoredModels;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Scores trained models and stores each (experiment, dataset, split) once: an experiment's own train, validation
 * and test splits when it is trained, another dataset's images when a cross-dataset evaluation is requested. The
 * per-image predictions go to object storage before the row, so a stored row can always be recomputed.
 */
@ApplicationScoped
public class EvaluationService {
    private static final Logger LOG = Logger.getLogger(EvaluationService.class);
    private static final int BATCH = 64;
    /** An experiment's own splits, in the order their events go out: the test split's last, meaning "all stored". */
    static final List<Split> OWN_SPLITS = List.of(Split.TRAIN, Split.VALIDATION, Split.TEST);

    private final ObjectStore store;
    private final ShardSetLoader shards;
    private final EvaluationRepository evaluations;
    private final PredictionStore predictions;
    private final EvaluatorConfig config;

    public EvaluationService(ObjectStore store, EvaluationRepository evaluations, PredictionStore predictions,
            EvaluatorConfig config) {
        this.store = store;
        this.shards = new ShardSetLoader(store);
        this.evaluations = evaluations;
        this.predictions = predictions;
        this.config = config;
    }

    /** Loads the engine at start-up, with the configured thread count. */
    public void warmUp() {
        Engines.limitThreads(config.computeThreads());
        LOG.infof("evaluating on %s", Engines.device());
    }

    /**
     * Evaluates the splits of a trained experiment that are not stored yet (all three, unless this is a
     * redelivery) and returns the events for all three, stored ones included, so a redelivery re-announces them.
     */
    public List<EvaluationCompleted> evaluate(ModelTrained trained) throws IOException {
        String experimentId = trained.experimentId();
        String dataset = trained.spec().dataset();
        Map<Split, Evaluation> done = new EnumMap<>(Split.class);
        for (Split s : OWN_SPLITS) {
            evaluations.find(experimentId, dataset, s.id()).ifPresent(e -> done.put(s, e));
        }
        if (done.size() == OWN_SPLITS.size()) {
            LOG.infof("experiment %s already evaluated on %s: announcing the stored results again", experimentId,
                    dataset);
        } else {
            LOG.infof("experiment %s: evaluating the model on %s (%d of %d splits stored)", experimentId, dataset,
                    done.size(), OWN_SPLITS.size());
            ModelDescriptor descriptor = StoredModels.descriptor(store, trained.modelPrefix());
            ShardManifest manifest = shards.manifest(trained.manifestKey());
            if (!manifest.classes().equals(descriptor.classes())) {
                throw new IOException("model classes " + descriptor.classes() + " differ from the shard set's "
                        + manifest.classes());
            }
            String prefix = ModelFiles.evaluationPrefix(experimentId, dataset);
            try (Model model = StoredModels.load(store, trained.modelPrefix(), descriptor)) {
                for (Split s : OWN_SPLITS) {
                    if (done.containsKey(s)) {
                        continue;
                    }
                    ImageSet images = shards.load(manifest, s);
                    Predictions.Result result = Predictions.predict(model, images, BATCH, descriptor.channels(),
                            descriptor.normalization());
                    int[] truth = labels(images);
                    ClassificationReport report = ClassificationReport.of(truth, result.predicted(),
                            manifest.classes());
                    String key = prefix + s.id() + ".json";
                    predictions.save(key, experimentId, dataset, s.id(), manifest.classes(), manifest.classes(),
                            truth, result);
                    done.put(s, saveOnce(experimentId, dataset, s.id(), report, result.meanLoss(images), null,
                            null, key));
                }
            } finally {
                NativeMemory.releaseAfter("experiment " + experimentId);
            }
            Evaluation test = done.get(Split.TEST);
            LOG.infof("experiment %s: accuracy train %.3f, validation %.3f, test %.3f; test macro F1 %.3f "
                    + "(majority baseline %.3f)", experimentId, done.get(Split.TRAIN).accuracy,
                    done.get(Split.VALIDATION).accuracy, test.accuracy, test.macroF1, test.majorityBaseline);
        }
        return OWN_SPLITS.stream().map(s -> toEvent(done.get(s), null)).toList();
    }

    /**
     * Scores an experiment's model on another dataset (prepared by the preprocessor the way the experiment's data
     * was), through the canonical class names: metrics over the classes both sides share, and the classes either
     * side lacks reported in the row.
     */
    public EvaluationCompleted evaluate(EvaluationPrepared prepared) throws IOException {
        EvaluationRequested request = prepared.request();
        String experimentId = request.experimentId();
        Optional<Evaluation> stored = evaluations.find(experimentId, request.dataset(), request.split());
        if (stored.isPresent()) {
            LOG.infof("experiment %s already evaluated on %s/%s: answering request %s with the stored result",
                    experimentId, request.dataset(), request.split(), request.requestId());
            return toEvent(stored.get(), request.requestId());
        }
        String modelPrefix = ModelFiles.experimentPrefix(experimentId);
        if (!store.exists(Buckets.MODELS, modelPrefix + ModelFiles.DESCRIPTOR)) {
            throw new IOException("experiment " + experimentId + " has no trained model (no models/" + modelPrefix
                    + ModelFiles.DESCRIPTOR + "): only a completed experiment can be evaluated on another dataset");
        }
        ModelDescriptor descriptor = StoredModels.descriptor(store, modelPrefix);
        ShardManifest target = shards.manifest(prepared.manifestKey());
        if (target.height() != descriptor.imageSize() || target.width() != descriptor.imageSize()) {
            throw new IOException("the target's images are " + target.width() + "x" + target.height()
                    + ", the model takes " + descriptor.imageSize() + "x" + descriptor.imageSize());
        }
        ImageSet images = load(target, request.split());
        Predictions.Result result;
        try (Model model = StoredModels.load(store, modelPrefix, descriptor)) {
            result = Predictions.predict(model, images, BATCH, descriptor.channels(), descriptor.normalization());
        } finally {
            NativeMemory.releaseAfter("experiment " + experimentId + " on " + request.dataset());
        }
        int[] targetLabels = labels(images);
        ClassMapping mapping = ClassMapping.of(descriptor.classes(), target.classes());
        int[] reachable = mapping.reachable(targetLabels);
        int[] truth = new int[reachable.length];
        int[] predicted = new int[reachable.length];
        for (int i = 0; i < reachable.length; i++) {
            truth[i] = mapping.toModel(targetLabels[reachable[i]]);
            predicted[i] = result.predicted()[reachable[i]];
        }
        ClassificationReport report = ClassificationReport.of(truth, predicted, descriptor.classes(),
                mapping.sharedModelIndices());
        ClassCoverage coverage = mapping.coverage(targetLabels);
        String key = ModelFiles.evaluationPrefix(experimentId, request.dataset()) + request.split() + ".json";
        predictions.save(key, experimentId, request.dataset(), request.split(), descriptor.classes(),
                target.classes(), targetLabels, result);
        Evaluation saved = saveOnce(experimentId, request.dataset(), request.split(), report,
                result.meanLoss(truth, reachable), request.requestId(), coverage, key);
        LOG.infof("experiment %s on %s/%s: accuracy %.3f, macro F1 %.3f over %d shared classes; %s unknown to the "
                + "model (%.1f%% of %d images), %s absent from the target", experimentId, request.dataset(),
                request.split(), report.accuracy(), report.macroF1(), mapping.sharedModelIndices().length,
                coverage.unknownToModel(), 100 * coverage.unreachableShare(), coverage.targetImages(),
                coverage.absentFromTarget());
        return toEvent(saved, request.requestId());
    }

    private ImageSet load(ShardManifest manifest, String split) throws IOException {
        if (EvaluationRequested.ALL_SPLITS.equals(split)) {
            List<ImageSet> parts = new ArrayList<>();
            for (Split s : Split.values()) {
                parts.add(shards.load(manifest, s));
            }
            return ImageSet.concat(parts);
        }
        for (Split s : Split.values()) {
            if (s.id().equals(split)) {
                return shards.load(manifest, s);
            }
        }
        throw new IllegalArgumentException("unknown split '" + split + "'");
    }

    private Evaluation saveOnce(String experimentId, String dataset, String split, ClassificationReport report,
            double loss, String requestId, ClassCoverage coverage, String predictionsKey) {
        try {
            return evaluations.save(experimentId, dataset, split, report, loss, Instant.now(), requestId, coverage,
                    predictionsKey);
        } catch (RuntimeException conflict) {
            // Another evaluator stored the same evaluation first (a redelivery racing the original): use its row.
            return evaluations.find(experimentId, dataset, split).orElseThrow(() -> conflict);
        }
    }

    private static int[] labels(ImageSet images) {
        int[] labels = new int[images.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = images.label(i);
        }
        return labels;
    }

    static EvaluationCompleted toEvent(Evaluation e, String requestId) {
        List<ClassMetrics> perClass = e.perClass.stream().map(m -> new ClassMetrics(m.label, m.precision, m.recall,
                m.f1, m.support, m.predicted)).toList();
        ClassCoverage coverage = e.targetImages == null ? null : new ClassCoverage(e.absentFromTarget,
                e.unknownToModel, e.targetImages, e.unreachableImages, e.unreachableShare);
        return new EvaluationCompleted(requestId, e.experimentId, e.dataset, e.split, e.classes, e.size, e.accuracy,
                e.macroPrecision, e.macroRecall, e.macroF1, e.weightedPrecision, e.weightedRecall, e.weightedF1,
                e.majorityBaseline, perClass, e.confusionMatrix, e.loss, coverage, e.predictionsKey, e.evaluatedAt);
    }
}
