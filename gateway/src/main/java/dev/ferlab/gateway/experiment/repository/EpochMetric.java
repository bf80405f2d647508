package dev.ferlab.gateway.experiment.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One epoch of an experiment's learning curve (table {@code epoch_metric}). */
@Entity
@Table(name = "epoch_metric")
@IdClass(EpochMetric.Key.class)
public class EpochMetric extends PanacheEntityBase {
    @Id
    @Column(name = "experiment_id")
    public String experimentId;
    @Id
    public int epoch;
    @Column(name = "train_loss")
    public Double trainLoss;
    @Column(name = "train_accuracy")
    public Double trainAccuracy;
    @Column(name = "validation_loss")
    public Double validationLoss;
    @Column(name = "validation_accuracy")
    public Double validationAccuracy;
    @Column(name = "images_per_second")
    public Double imagesPerSecond;
    @Column(name = "epoch_seconds")
    public Double epochSeconds;

    /** Composite key: one row per (experiment, epoch), so a redelivered progress event overwrites itself. */
    public static class Key implements Serializable {
        public String experimentId;
        public int epoch;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(experimentId, k.experimentId) && epoch == k.epoch;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(experimentId, epoch);
        }
    }
}
