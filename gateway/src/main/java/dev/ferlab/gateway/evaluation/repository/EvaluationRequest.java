package dev.ferlab.gateway.evaluation.repository;

import dev.ferlab.common.messaging.EvaluationCompleted;
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

/** A cross-dataset evaluation asked for through the API (table {@code evaluation_request}), and its outcome. */
@Entity
@Table(name = "evaluation_request")
public class EvaluationRequest extends PanacheEntityBase {
    /** REQUESTED until the evaluator answers; then COMPLETED or FAILED, for good. */
    public enum Status { REQUESTED, COMPLETED, FAILED }

    @Id
    public String id;
    @Column(name = "experiment_id")
    public String experimentId;
    public String dataset;
    public String split;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "failure_stage")
    public String failureStage;
    @Column(name = "failure_reason")
    public String failureReason;
    @JdbcTypeCode(SqlTypes.JSON)
    public EvaluationCompleted result;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
