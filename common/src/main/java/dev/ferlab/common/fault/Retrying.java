package dev.ferlab.common.fault;

import io.smallrye.faulttolerance.api.Guard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one way ferlab rides out failures around a unit of work (a consumed message, an upload, a queue write), built
 * on SmallRye Fault Tolerance's {@link Guard}. An infrastructure fault ({@link Faults#isInfrastructure}) is retried
 * with exponential backoff for as long as it takes: an outage delays work, it never fails it. Any other failure is
 * tried {@code attempts} times in all and then thrown: a consumer's caller then sends the message to its dead-letter
 * topic, with the reason. {@link #handle} instead hands such a failure to the experiment's own failure path.
 * While the service shuts down, every failure is waited out like an outage (its database pool and entity manager
 * close under the work): the message is then neither acknowledged nor dead-lettered nor failed, and its next
 * delivery, after the restart, handles it.
 */
public final class Retrying {
    private static final Logger LOG = Logger.getLogger(Retrying.class.getName());

    /** A unit of work that may fail. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    /** A unit of work without a result. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** What to do with a failure of the work itself (not the infrastructure's). */
    @FunctionalInterface
    public interface OnFault {
        void accept(Exception fault) throws Exception;
    }

    /**
     * @param firstDelay the pause before the first retry of an infrastructure fault; it doubles up to {@code maxDelay}
     * @param attempts   how often a failure that is not the infrastructure's is tried before it is given up
     */
    public record Settings(Duration firstDelay, Duration maxDelay, int attempts) {
        public static final Settings DEFAULT = new Settings(Duration.ofMillis(500), Duration.ofSeconds(15), 3);
    }

    private final Settings settings;
    private final java.util.function.BooleanSupplier stopping;

    public Retrying(Settings settings) {
        this(settings, () -> false);
    }

    /** @param stopping true once the service is shutting down */
    public Retrying(Settings settings, java.util.function.BooleanSupplier stopping) {
        this.settings = settings;
        this.stopping = stopping;
    }

    /** Whether a failure is waited out: an outage, or anything at all while the service shuts down. */
    private boolean waitOut(Throwable e) {
        return Faults.isInfrastructure(e) || stopping.getAsBoolean();
    }

    /** Runs {@code work}; an infrastructure fault is retried until it passes, any other failure thrown at last. */
    public <T> T call(String what, Work<T> work) throws Exception {
        Guard others = Guard.create().withDescription(what)
                .withRetry().maxRetries(Math.max(0, settings.attempts() - 1)).delay(1, ChronoUnit.SECONDS)
                .whenException(e -> !waitOut(e))
                .beforeRetry(e -> LOG.log(Level.WARNING, what + " failed (" + Faults.describe(e) + "); trying again"))
                .done().build();
        Guard infrastructure = infrastructure(what);
        @SuppressWarnings("unchecked")
        T result = (T) others.call(() -> infrastructure.call(work::call, Object.class), Object.class);
        return result;
    }

    /**
     * Runs {@code work}, waiting out infrastructure faults for as long as they last; any other failure is thrown at
     * once (for work inside a larger one that decides, such as an upload in the middle of training).
     */
    public <T> T untilAvailable(String what, Work<T> work) throws Exception {
        @SuppressWarnings("unchecked")
        T result = (T) infrastructure(what).call(work::call, Object.class);
        return result;
    }

    public void untilAvailable(String what, Step work) throws Exception {
        untilAvailable(what, () -> {
            work.run();
            return null;
        });
    }

    public void run(String what, Step work) throws Exception {
        call(what, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work}; an infrastructure fault is retried until it passes, and any other failure, being the
     * experiment's own, goes to {@code onFault} at once (a failure event), which is itself retried like {@link #run}.
     */
    public void handle(String what, Step work, OnFault onFault) throws Exception {
        Exception fault;
        try {
            untilAvailable(what, work);
            return;
        } catch (Exception e) {
            // Outages never get here: the guard retries them until they pass.
            fault = e;
        }
        run(what + ": reporting its failure", () -> onFault.accept(fault));
    }

    private Guard infrastructure(String what) {
        return Guard.create().withDescription(what)
                .withRetry().maxRetries(-1).maxDuration(0, ChronoUnit.MILLIS)
                .delay(settings.firstDelay().toMillis(), ChronoUnit.MILLIS)
                .jitter(settings.firstDelay().toMillis() / 5, ChronoUnit.MILLIS)
                .whenException(this::waitOut)
                .beforeRetry(e -> LOG.log(Level.WARNING, what + " waits out an " + Faults.describe(e)
                        + (stopping.getAsBoolean() ? " (shutting down: left for the next delivery)" : "")))
                .withExponentialBackoff().factor(2).maxDelay(settings.maxDelay().toMillis(), ChronoUnit.MILLIS).done()
                .done().build();
    }
}
