package dev.ferlab.evaluator.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** Precision, recall, F1 and support of one class in one evaluation (table {@code class_metric}). */
@Entity
@Table(name = "class_metric")
public class ClassMetric extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne(optional = false)
    @JoinColumn(name = "evaluation_id")
    public Evaluation evaluation;
    @Column(name = "class_index")
    public int classIndex;
    public String label;
    public double precision;
    public double recall;
    public double f1;
    public long support;
    public long predicted;
    @Column(name = "zero_division")
    public boolean zeroDivision;
}
