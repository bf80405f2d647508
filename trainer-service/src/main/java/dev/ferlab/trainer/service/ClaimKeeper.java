package dev.ferlab.trainer.service;

import dev.ferlab.trainer.repository.TrainingQueue;
import dev.ferlab.trainer.repository.TrainingQueue.Claim;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Keeps one claim alive while its experiment trains: renews the lease every third of its length, and tells the
 * training to stop when the trainer shuts down or the claim is gone. A claim counts as gone when a renewal finds
 * another token, and also when renewals have failed (database unreachable) for a whole lease, because by then
 * another trainer may have taken it.
 */
final class ClaimKeeper implements TrainingControl, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClaimKeeper.class);
    private final TrainingQueue queue;
    private final Claim claim;
    private final Duration lease;
    private final BooleanSupplier stopping;
    private final ScheduledFuture<?> renewals;
    private volatile long renewedAt = System.nanoTime();
    private volatile boolean lost;
    private volatile boolean cancelled;

    ClaimKeeper(TrainingQueue queue, Claim claim, Duration lease, BooleanSupplier stopping,
            ScheduledExecutorService timer) {
        this.queue = queue;
        this.claim = claim;
        this.lease = lease;
        this.stopping = stopping;
        long every = Math.max(1, lease.toMillis() / 3);
        this.renewals = timer.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    Claim claim() {
        return claim;
    }

    /**
     * The experiment was cancelled and its row closed by this trainer: training stops at the next batch, without
     * waiting for the next renewal to find the claim gone.
     */
    void cancelled() {
        cancelled = true;
        lost = true;
    }

    @Override
    public void checkContinue() {
        if (stopping.getAsBoolean()) {
            throw new TrainingInterrupted(TrainingInterrupted.Reason.STOPPING, "the trainer is shutting down");
        }
        if (lost || expired()) {
            throw lostClaim();
        }
    }

    @Override
    public void ensureHeld() {
        try {
            if (!renew()) {
                throw lostClaim();
            }
        } catch (SQLException e) {
            if (expired()) {
                throw lostClaim();
            }
            // Not expired yet: nobody else can hold it, so writing is still safe.
            LOG.warnf("experiment %s: cannot renew the claim (%s); it still holds for now", claim.experimentId(),
                    e.getMessage());
        }
    }

    private void renewQuietly() {
        try {
            if (!renew()) {
                LOG.warnf("experiment %s: the claim was taken over; this trainer stops training it",
                        claim.experimentId());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("experiment %s: cannot renew the claim: %s", claim.experimentId(), e.getMessage());
        }
    }

    private boolean renew() throws SQLException {
        if (lost) {
            return false;
        }
        long before = System.nanoTime();
        if (queue.renew(claim, lease)) {
            renewedAt = before;
            return true;
        }
        lost = true;
        return false;
    }

    private boolean expired() {
        return System.nanoTime() - renewedAt > lease.toNanos();
    }

    private TrainingInterrupted lostClaim() {
        lost = true;
        return new TrainingInterrupted(TrainingInterrupted.Reason.CLAIM_LOST, "experiment " + claim.experimentId()
                + (cancelled ? " was cancelled" : " is no longer claimed by this trainer (token " + claim.token()
                + ")"));
    }

    @Override
    public void close() {
        renewals.cancel(false);
    }
}
