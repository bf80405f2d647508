package dev.ferlab.gateway.grid.repository;

import dev.ferlab.gateway.grid.rest.GridSubmission;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A grid of experiments as submitted (table {@code grid}); its experiments carry its id. */
@Entity
@Table(name = "grid")
public class Grid extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @JdbcTypeCode(SqlTypes.JSON)
    public GridSubmission request;
    @Column(name = "created_at")
    public Instant createdAt;
}
