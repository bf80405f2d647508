package dev.ferlab.common.fault;

import io.minio.errors.ErrorResponseException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells the two kinds of failure apart (DESIGN.md, "Services"): a fault of the infrastructure (the database, broker
 * or object store unreachable, a connection lost, a timeout, a 5xx) is waited out; anything else is a fault of the
 * experiment or message itself. The whole cause chain is read, since drivers and frameworks wrap the original.
 * Kafka's and Hibernate's exceptions are recognised by class name, so that this module needs neither library.
 */
public final class Faults {
    /** S3 error codes that mean "try again", as S3, MinIO and S3Proxy send them. */
    static final Set<String> TRANSIENT_S3_CODES = Set.of("InternalError", "ServiceUnavailable", "SlowDown",
            "RequestTimeout", "RequestTimeTooSkewed", "OperationAborted");
    /** Exception types, matched on the class or any superclass, that only ever mean the infrastructure failed. */
    static final Set<String> TRANSIENT_TYPES = Set.of(
            "org.apache.kafka.common.errors.RetriableException",
            "org.apache.kafka.common.errors.TimeoutException",
            "org.apache.kafka.common.errors.DisconnectException",
            "org.apache.kafka.common.errors.InterruptException",
            "org.hibernate.exception.JDBCConnectionException",
            "io.minio.errors.ServerException",
            "io.minio.errors.InsufficientDataException",
            "java.util.concurrent.TimeoutException",
            "io.smallrye.faulttolerance.api.RateLimitException",
            "org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException");

    private Faults() {
    }

    /** True when {@code error}, or anything in its cause chain, says the infrastructure failed, not the work. */
    public static boolean isInfrastructure(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof InfrastructureFault || transientType(t) || t instanceof ConnectException
                    || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof SocketException || t instanceof InterruptedIOException
                    || t instanceof SQLException sql && transientSql(sql)
                    || t instanceof ErrorResponseException s3 && transientS3(s3)) {
                return true;
            }
        }
        return false;
    }

    /** What to call the failure in a log line or a dead-letter reason. */
    public static String describe(Throwable error) {
        return (isInfrastructure(error) ? "infrastructure fault: " : "") + error.getClass().getSimpleName() + ": "
                + error.getMessage();
    }

    private static boolean transientType(Throwable t) {
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (TRANSIENT_TYPES.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P (the server shutting down or
     * starting), and the two a retry resolves (40001 serialization failure, 40P01 deadlock); the pool's acquisition
     * timeout (no SQLSTATE) when the server is away.
     */
    private static boolean transientSql(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
            return message.contains("acquisition timeout") || message.contains("connection is closed")
                    || message.contains("this connection has been closed");
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("40001") || state.equals("40P01");
    }

    private static boolean transientS3(ErrorResponseException e) {
        return e.errorResponse() != null && TRANSIENT_S3_CODES.contains(e.errorResponse().code());
    }
}
