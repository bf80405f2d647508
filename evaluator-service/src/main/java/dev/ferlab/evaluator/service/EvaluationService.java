package dev.ferlab.evaluator.service;

import ai.djl.Model;
import dev.ferlab.common.messaging.ClassMetrics;
import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.common.messaging.ModelTrained;
import dev.ferlab.common.shards.ImageSet;
import dev.ferlab.common.shards.ShardManifest;
import dev.ferlab.common.shards.ShardSetLoader;
import dev.ferlab.common.shards.Split;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.evaluator.config.EvaluatorConfig;
import dev.ferlab.evaluator.metrics.ClassificationReport;
import dev.ferlab.evaluator.repository.Evaluation;
import dev.ferlab.evaluator.repository.EvaluationRepository;
import dev.ferlab.models.Engines;
import dev.ferlab.models.ModelDescriptor;
import dev.ferlab.models.Predictions;
import dev.ferlab.models.StoredModels;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Scores a trained model on its shard set's test split and stores the result once. */
@ApplicationScoped
public class EvaluationService {
    private static final Logger LOG = Logger.getLogger(EvaluationService.class);
    private static final int BATCH = 64;
    private final ObjectStore store;
    private final ShardSetLoader shards;
    private final EvaluationRepository evaluations;
    private final EvaluatorConfig config;

    public EvaluationService(ObjectStore store, EvaluationRepository evaluations, EvaluatorConfig config) {
        this.store = store;
        this.shards = new ShardSetLoader(store);
        this.evaluations = evaluations;
        this.config = config;
    }

    /** Loads the engine at start-up, with the configured thread count. */
    public void warmUp() {
        Engines.limitThreads(config.computeThreads());
        LOG.infof("evaluating on %s", Engines.device());
    }

    /** @return the completed evaluation, or empty when this model was already evaluated (a redelivery) */
    public Optional<EvaluationCompleted> evaluate(ModelTrained trained) throws IOException {
        String dataset = trained.spec().dataset();
        String split = Split.TEST.id();
        if (evaluations.find(trained.experimentId(), dataset, split).isPresent()) {
            LOG.infof("experiment %s already evaluated on %s/%s: nothing to do", trained.experimentId(), dataset,
                    split);
            return Optional.empty();
        }
        ModelDescriptor descriptor = StoredModels.descriptor(store, trained.modelPrefix());
        ShardManifest manifest = shards.manifest(trained.manifestKey());
        if (!manifest.classes().equals(descriptor.classes())) {
            throw new IOException("model classes " + descriptor.classes() + " differ from the shard set's "
                    + manifest.classes());
        }
        ImageSet test = shards.load(manifest, Split.TEST);
        Predictions.Result result;
        try (Model model = StoredModels.load(store, trained.modelPrefix(), descriptor)) {
            result = Predictions.predict(model, test, BATCH, descriptor.channels());
        }
        int[] truth = new int[test.count()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = test.label(i);
        }
        ClassificationReport report = ClassificationReport.of(truth, result.predicted(), manifest.classes());
        Evaluation saved = evaluations.save(trained.experimentId(), dataset, split, report, result.meanLoss(),
                Instant.now());
        LOG.infof("experiment %s: test accuracy %.3f, macro F1 %.3f (majority baseline %.3f)",
                trained.experimentId(), report.accuracy(), report.macroF1(), report.majorityBaseline());
        return Optional.of(toEvent(trained.experimentId(), dataset, split, report, saved.evaluatedAt));
    }

    static EvaluationCompleted toEvent(String experimentId, String dataset, String split, ClassificationReport r,
            Instant at) {
        List<ClassMetrics> perClass = new ArrayList<>();
        List<List<Long>> confusion = new ArrayList<>();
        for (int c = 0; c < r.classes().size(); c++) {
            perClass.add(new ClassMetrics(r.classes().get(c), r.precision()[c], r.recall()[c], r.f1()[c],
                    r.support()[c], r.predicted()[c]));
            confusion.add(java.util.Arrays.stream(r.confusion()[c]).boxed().toList());
        }
        return new EvaluationCompleted(experimentId, dataset, split, r.classes(), r.size(), r.accuracy(),
                r.macroPrecision(), r.macroRecall(), r.macroF1(), r.weightedPrecision(), r.weightedRecall(),
                r.weightedF1(), r.majorityBaseline(), perClass, confusion, at);
    }
}
