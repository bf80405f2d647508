package dev.ferlab.gateway.dataset.repository;

import dev.ferlab.common.datasets.DatasetManifest;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A registered dataset (table {@code dataset}). */
@Entity
@Table(name = "dataset")
public class Dataset extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    public String format;
    @Column(name = "content_hash")
    public String contentHash;
    @Column(name = "usage_splits")
    public boolean usageSplits;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "class_counts")
    public Map<String, Integer> classCounts;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "label_mapping")
    public Map<String, String> labelMapping;
    @JdbcTypeCode(SqlTypes.JSON)
    public List<DatasetManifest.Problem> skipped;
    public int images;
    @Column(name = "created_at")
    public Instant createdAt;
}
