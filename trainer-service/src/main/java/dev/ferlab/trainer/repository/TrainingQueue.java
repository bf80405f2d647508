package dev.ferlab.trainer.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The trainers' shared work queue in PostgreSQL (table {@code training_queue}). Every statement is one atomic
 * SQL statement, so two trainers can never both hold one experiment: a claim takes a free row under
 * {@code FOR UPDATE SKIP LOCKED} and gives it a new token; renewing, releasing and finishing only touch the row
 * while it still carries the caller's token.
 */
@ApplicationScoped
public class TrainingQueue {
    /** A held experiment: the request as it arrived, and the token that proves the hold. */
    public record Claim(String experimentId, String request, long token, int attempt) {
    }

    /** How a finished experiment ended. */
    public enum Outcome { TRAINED, FAILED, CANCELLED }

    /** A closed row: how it ended and, for a failure, why. */
    public record Ended(Outcome outcome, String reason) {
    }

    private final DataSource db;

    public TrainingQueue(DataSource db) {
        this.db = db;
    }

    /** Adds an experiment; false when it is already queued (a redelivered message), which changes nothing. */
    public boolean enqueue(String experimentId, String request) throws SQLException {
        return update("""
                INSERT INTO training_queue (experiment_id, request) VALUES (?, ?)
                ON CONFLICT (experiment_id) DO NOTHING""", experimentId, request) == 1;
    }

    /** How many experiments wait for a trainer: not finished, and held by nobody (or by a lease that ran out). */
    public long waiting() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("""
                SELECT count(*) FROM training_queue
                 WHERE finished_at IS NULL AND (lease_expires_at IS NULL OR lease_expires_at < now())""");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Takes the oldest free experiment for {@code holder} for {@code lease}, if there is one. */
    public Optional<Claim> claimNext(String holder, Duration lease) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("""
                UPDATE training_queue
                   SET holder = ?, token = token + 1, attempts = attempts + 1,
                       lease_expires_at = now() + make_interval(secs => ?)
                 WHERE experiment_id = (
                       SELECT experiment_id FROM training_queue
                        WHERE finished_at IS NULL AND (lease_expires_at IS NULL OR lease_expires_at < now())
                        ORDER BY enqueued_at, experiment_id
                        LIMIT 1
                        FOR UPDATE SKIP LOCKED)
                RETURNING experiment_id, request, token, attempts""")) {
            st.setString(1, holder);
            st.setDouble(2, lease.toMillis() / 1000.0);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Claim(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4)))
                        : Optional.empty();
            }
        }
    }

    /** Extends the lease; false when the claim is no longer this one's (expired and taken, or finished). */
    public boolean renew(Claim claim, Duration lease) throws SQLException {
        return update("""
                UPDATE training_queue SET lease_expires_at = now() + make_interval(secs => ?)
                 WHERE experiment_id = ? AND token = ? AND finished_at IS NULL""",
                lease.toMillis() / 1000.0, claim.experimentId(), claim.token()) == 1;
    }

    /**
     * Hands the experiment back at once (a trainer shutting down): free for the next claim, and the attempt it
     * used does not count, since nothing went wrong with the experiment itself.
     */
    public boolean release(Claim claim) throws SQLException {
        return update("""
                UPDATE training_queue SET holder = NULL, lease_expires_at = NULL, attempts = attempts - 1
                 WHERE experiment_id = ? AND token = ? AND finished_at IS NULL""",
                claim.experimentId(), claim.token()) == 1;
    }

    /** Closes the experiment for good, with the reason of a failure; false when the claim was lost before. */
    public boolean finish(Claim claim, Outcome outcome, String reason) throws SQLException {
        return update("""
                UPDATE training_queue SET finished_at = now(), outcome = ?, reason = ?, holder = NULL,
                       lease_expires_at = NULL
                 WHERE experiment_id = ? AND token = ? AND finished_at IS NULL""",
                outcome.name(), reason, claim.experimentId(), claim.token()) == 1;
    }

    /** How the experiment's training ended; empty while it is queued or training, or when it was never queued. */
    public Optional<Ended> ended(String experimentId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT outcome, reason FROM training_queue WHERE experiment_id = ? AND finished_at IS NOT NULL")) {
            st.setString(1, experimentId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Ended(Outcome.valueOf(rs.getString(1)), rs.getString(2)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Closes an experiment as cancelled, held or not, queued or not yet: a new token makes its holder's next
     * renewal fail, so the holder stops at the next batch and writes nothing; a later {@code shards.ready} finds
     * the row closed. False when it had already ended.
     */
    public boolean cancel(String experimentId) throws SQLException {
        return update("""
                INSERT INTO training_queue (experiment_id, request, finished_at, outcome)
                VALUES (?, '', now(), 'CANCELLED')
                ON CONFLICT (experiment_id) DO UPDATE
                   SET finished_at = now(), outcome = 'CANCELLED', token = training_queue.token + 1,
                       holder = NULL, lease_expires_at = NULL
                 WHERE training_queue.finished_at IS NULL""", experimentId) == 1;
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            return st.executeUpdate();
        }
    }
}
