package dev.ferlab.evaluator.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One model scored on one split of one dataset (table {@code evaluation}, owned by this service). */
@Entity
@Table(name = "evaluation")
public class Evaluation extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "experiment_id")
    public String experimentId;
    public String dataset;
    public String split;
    public long size;
    public double accuracy;
    @Column(name = "macro_precision")
    public double macroPrecision;
    @Column(name = "macro_recall")
    public double macroRecall;
    @Column(name = "macro_f1")
    public double macroF1;
    @Column(name = "weighted_precision")
    public double weightedPrecision;
    @Column(name = "weighted_recall")
    public double weightedRecall;
    @Column(name = "weighted_f1")
    public double weightedF1;
    public Double loss;
    @Column(name = "majority_baseline")
    public double majorityBaseline;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> classes;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "confusion_matrix")
    public List<List<Long>> confusionMatrix;
    /** The cross-dataset request that asked for this evaluation; null for the experiment's own dataset. */
    @Column(name = "request_id")
    public String requestId;
    /** Key in bucket {@code models} of the per-image predictions ({@link PredictionsFile}). */
    @Column(name = "predictions_key")
    public String predictionsKey;
    /** Cross-dataset only: images of the target considered, and those of classes the model lacks. */
    @Column(name = "target_images")
    public Long targetImages;
    @Column(name = "unreachable_images")
    public Long unreachableImages;
    @Column(name = "unreachable_share")
    public Double unreachableShare;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "absent_from_target")
    public List<String> absentFromTarget;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "unknown_to_model")
    public List<String> unknownToModel;
    @Column(name = "evaluated_at")
    public Instant evaluatedAt;
    @OneToMany(mappedBy = "evaluation", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("classIndex")
    public List<ClassMetric> perClass = new ArrayList<>();
}
