package dev.ferlab.evaluator.repository;

import dev.ferlab.common.messaging.ClassCoverage;
import dev.ferlab.evaluator.metrics.ClassificationReport;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads and writes evaluations; the unique (experiment, dataset, split) key makes writes idempotent. */
@ApplicationScoped
public class EvaluationRepository implements PanacheRepository<Evaluation> {

    @Transactional
    public Optional<Evaluation> find(String experimentId, String dataset, String split) {
        // The per-class rows come along: a stored evaluation is turned into an event after the transaction.
        return find("select distinct e from Evaluation e left join fetch e.perClass "
                + "where e.experimentId = ?1 and e.dataset = ?2 and e.split = ?3", experimentId, dataset, split)
                .singleResultOptional();
    }

    /** Every evaluation of one experiment, its own splits first. */
    @Transactional
    public List<Evaluation> ofExperiment(String experimentId) {
        return list("experimentId = ?1 order by requestId nulls first, dataset, split", experimentId);
    }

    /**
     * Stores one evaluation with its per-class rows. A concurrent writer of the same (experiment, dataset, split)
     * makes the commit fail on the unique key: the caller then reads the row that won.
     */
    @Transactional
    public Evaluation save(String experimentId, String dataset, String split, ClassificationReport report,
            double loss, Instant at, String requestId, ClassCoverage coverage, String predictionsKey) {
        Evaluation e = new Evaluation();
        e.experimentId = experimentId;
        e.dataset = dataset;
        e.split = split;
        e.size = report.size();
        e.accuracy = report.accuracy();
        e.macroPrecision = report.macroPrecision();
        e.macroRecall = report.macroRecall();
        e.macroF1 = report.macroF1();
        e.weightedPrecision = report.weightedPrecision();
        e.weightedRecall = report.weightedRecall();
        e.weightedF1 = report.weightedF1();
        e.loss = Double.isFinite(loss) ? loss : null;
        e.majorityBaseline = report.majorityBaseline();
        e.classes = report.classes();
        e.confusionMatrix = Arrays.stream(report.confusion()).map(row -> Arrays.stream(row).boxed().toList())
                .toList();
        e.evaluatedAt = at;
        e.requestId = requestId;
        e.predictionsKey = predictionsKey;
        if (coverage != null) {
            e.targetImages = coverage.targetImages();
            e.unreachableImages = coverage.unreachableImages();
            e.unreachableShare = coverage.unreachableShare();
            e.absentFromTarget = coverage.absentFromTarget();
            e.unknownToModel = coverage.unknownToModel();
        }
        List<String> classes = report.classes();
        for (int c = 0; c < classes.size(); c++) {
            ClassMetric m = new ClassMetric();
            m.evaluation = e;
            m.classIndex = c;
            m.label = classes.get(c);
            m.precision = report.precision()[c];
            m.recall = report.recall()[c];
            m.f1 = report.f1()[c];
            m.support = report.support()[c];
            m.predicted = report.predicted()[c];
            m.zeroDivision = report.zeroDivision()[c];
            e.perClass.add(m);
        }
        persist(e);
        return e;
    }
}
