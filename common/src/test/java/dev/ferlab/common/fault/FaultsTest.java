package dev.ferlab.common.fault;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.errors.ErrorResponseException;
import io.minio.messages.ErrorResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Infrastructure faults are told from the experiment's own, through the wrappers real drivers put around them. */
class FaultsTest {

    @Test
    void lostDatabaseConnectionsAndShutdownsAreInfrastructure() {
        // PostgreSQL's "An I/O error occurred while sending to the backend" after a restart: SQLSTATE 08006.
        assertTrue(Faults.isInfrastructure(new SQLException("An I/O error occurred", "08006",
                new SocketException("Broken pipe"))));
        assertTrue(Faults.isInfrastructure(new SQLException("terminating connection due to administrator command",
                "57P01")));
        assertTrue(Faults.isInfrastructure(new SQLException("the database system is starting up", "57P03")));
        assertTrue(Faults.isInfrastructure(new SQLException("Acquisition timeout while waiting for new connection")));
        // Hibernate and the transaction manager wrap it: the chain is read.
        assertTrue(Faults.isInfrastructure(new IllegalStateException("commit failed",
                new RuntimeException(new SQLException("connection refused", "08001")))));
    }

    @Test
    void sqlErrorsOfTheDataAreNot() {
        assertFalse(Faults.isInfrastructure(new SQLException("duplicate key", "23505")));
        assertFalse(Faults.isInfrastructure(new SQLException("syntax error", "42601")));
    }

    @Test
    void unreachableServersAndBrokerTimeoutsAreInfrastructure() {
        assertTrue(Faults.isInfrastructure(new IOException("object store get models/x failed: Failed to connect",
                new ConnectException("Connection refused"))));
        assertTrue(Faults.isInfrastructure(new CompletionException(
                new org.apache.kafka.common.errors.TimeoutException("Expiring 1 record(s)"))));
        assertTrue(Faults.isInfrastructure(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("x")));
        assertTrue(Faults.isInfrastructure(new UncheckedIOException(new java.net.SocketTimeoutException("read"))));
        assertTrue(Faults.isInfrastructure(new InfrastructureFault("lease not renewed", null)));
    }

    @Test
    void objectStoreAnswersTellByTheirCode() {
        assertTrue(Faults.isInfrastructure(new IOException("get failed", s3("ServiceUnavailable"))));
        assertTrue(Faults.isInfrastructure(s3("InternalError")));
        assertFalse(Faults.isInfrastructure(new IOException("get failed", s3("NoSuchKey"))));
        assertFalse(Faults.isInfrastructure(s3("AccessDenied")));
    }

    @Test
    void faultsOfTheExperimentAreNot() {
        assertFalse(Faults.isInfrastructure(new IllegalArgumentException("dataset path /x does not exist")));
        assertFalse(Faults.isInfrastructure(new IOException("checksum of shards/x/train-00000.bin differs")));
        assertFalse(Faults.isInfrastructure(new IOException("models/x/model.params cannot be read",
                new java.io.EOFException())));
        assertFalse(Faults.isInfrastructure(new NullPointerException()));
    }

    private static ErrorResponseException s3(String code) {
        return new ErrorResponseException(new ErrorResponse(code, code + " message", "models", "x", "x", "r", "h"),
                null, null);
    }
}
