package dev.ferlab.gateway.experiment.repository;

import dev.ferlab.common.messaging.EvaluationCompleted;
import dev.ferlab.common.spec.ExperimentSpec;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An experiment as submitted and as far as the events have taken it (table {@code experiment}). */
@Entity
@Table(name = "experiment")
public class Experiment extends PanacheEntityBase {
    @Id
    public String id;
    @Enumerated(EnumType.STRING)
    public ExperimentStatus status;
    @JdbcTypeCode(SqlTypes.JSON)
    public ExperimentSpec spec;
    public String dataset;
    public String model;
    @Column(name = "transfer_mode")
    public String transferMode;
    public int epochs;
    @Column(name = "current_epoch")
    public int currentEpoch;
    @Column(name = "preprocessing_step")
    public String preprocessingStep;
    @Column(name = "preprocessing_done")
    public int preprocessingDone;
    @Column(name = "preprocessing_total")
    public int preprocessingTotal;
    @Column(name = "resumed_from_epoch")
    public int resumedFromEpoch;
    /** The trainer that last took it from the queue; null until one does. */
    public String trainer;
    @Column(name = "shard_set_id")
    public String shardSetId;
    /** Its shard set's leakage audit; null until the shards are ready. */
    @JdbcTypeCode(SqlTypes.JSON)
    public dev.ferlab.common.shards.LeakageAudit leakage;
    @Column(name = "failure_stage")
    public String failureStage;
    @Column(name = "failure_reason")
    public String failureReason;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(name = "retry_of")
    public String retryOf;
    @Column(name = "grid_id")
    public String gridId;
    @Column(name = "train_accuracy")
    public Double trainAccuracy;
    @Column(name = "validation_accuracy")
    public Double validationAccuracy;
    @Column(name = "test_accuracy")
    public Double testAccuracy;
    @Column(name = "macro_f1")
    public Double macroF1;
    @JdbcTypeCode(SqlTypes.JSON)
    public EvaluationCompleted result;
    @Column(name = "preprocessing_variant")
    public String preprocessingVariant;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** When an event last moved it on; the reconciler measures stalls from here. */
    @Column(name = "progress_at")
    public Instant progressAt;
    /** Set by the reconciler when its stage made no progress past the stage's deadline; cleared by progress. */
    @Column(name = "stalled_since")
    public Instant stalledSince;
    @Column(name = "redriven_at")
    public Instant redrivenAt;
    /** How often its stage's input was published again: by the reconciler, or by a retry that re-evaluates. */
    public int redrives;
    /** When its models.trained arrived: its model is stored, so a retry evaluates it again. */
    @Column(name = "trained_at")
    public Instant trainedAt;
}
