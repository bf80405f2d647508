package dev.ferlab.gateway.dataset.service;

import dev.ferlab.common.fault.Retrying;
import dev.ferlab.gateway.rest.ConflictException;
import dev.ferlab.gateway.rest.ErrorMappers;
import dev.ferlab.gateway.rest.ErrorResponse;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Runs dataset imports and records how each ends under its {@code importId}: inside the request that asked
 * ({@link #runHere}), or as a job on a pool of its own that the client follows by polling ({@link #start}). A job
 * waits out an outage of the object store or the database and then runs again from the start (content addressed:
 * the same content gives the same dataset); only a fault of the dataset itself fails it. Jobs live in this gateway's
 * memory: one stopped with it is lost, and importing the file again is safe.
 */
@ApplicationScoped
public class ImportJobs {
    private static final Logger LOG = Logger.getLogger(ImportJobs.class);
    /** Two at once: a third would only share the same disk and cores. */
    private static final int WORKERS = 2;

    /** One import: what it registered. */
    public interface Import {
        DatasetService.Registered run() throws IOException;
    }

    private final ImportProgress progress;
    private final Retrying retrying;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(WORKERS, r -> {
        Thread t = new Thread(r, "ferlab-import-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public ImportJobs(ImportProgress progress, Retrying retrying) {
        this.progress = progress;
        this.retrying = retrying;
    }

    /** Runs the import in the caller's thread; its failure is recorded, then thrown to the caller. */
    public DatasetService.Registered runHere(String importId, Import work) throws IOException {
        begin(importId);
        try {
            DatasetService.Registered r = work.run();
            done(importId, r);
            return r;
        } catch (IOException | RuntimeException e) {
            failed(importId, e);
            throw e;
        }
    }

    /**
     * Queues the import and answers its first state at once; {@code cleanup} runs when it has ended, however it
     * ended, or at once when it cannot be queued (a spooled upload is deleted).
     *
     * @throws ConflictException when an import with this id is running
     */
    public ImportProgress.State start(String importId, Import work, Runnable cleanup) {
        ImportProgress.State first;
        try {
            first = begin(importId);
            pool.execute(() -> run(importId, work, cleanup));
        } catch (RejectedExecutionException e) {
            // The gateway is stopping: the job never runs, so it must not stay RUNNING.
            failed(importId, e);
            cleanup.run();
            throw e;
        } catch (RuntimeException e) {
            cleanup.run();
            throw e;
        }
        return first;
    }

    private void run(String importId, Import work, Runnable cleanup) {
        // The request's context ended with its 202; the lookups of the import (Panache) need one of their own.
        ManagedContext context = Arc.container().requestContext();
        context.activate();
        try {
            done(importId, retrying.untilAvailable("dataset import " + importId, work::run));
        } catch (Exception e) {
            LOG.infof("dataset import %s failed: %s", importId, e.getMessage());
            failed(importId, e);
        } finally {
            context.terminate();
            cleanup.run();
        }
    }

    private ImportProgress.State begin(String importId) {
        return progress.begin(importId).orElseThrow(() -> new ConflictException("an import with id " + importId
                + " is running; follow it at /api/datasets/imports/" + importId + " or choose another importId"));
    }

    private void done(String importId, DatasetService.Registered r) {
        progress.done(importId, r.dataset().id, r.dataset().images, r.existing());
    }

    /** The answer a synchronous import gets for this failure, kept for the client that polls. */
    private void failed(String importId, Throwable e) {
        RestResponse<ErrorResponse> answer = ErrorMappers.answer(e);
        progress.failed(importId, answer.getStatus(), answer.getEntity().error(), answer.getEntity().fields());
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
