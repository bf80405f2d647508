package dev.ferlab.gateway.deletion.service;

import dev.ferlab.common.fault.Retrying;
import dev.ferlab.common.models.ModelFiles;
import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.gateway.deletion.repository.DeletionRepository;
import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.grid.repository.GridRepository;
import dev.ferlab.gateway.rest.StorageUnavailableException;
import dev.ferlab.gateway.rest.UnknownIdException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Deletes an experiment, or a grid with its experiments, and everything they own: rows in every service's tables,
 * checkpoints, final model and stored predictions (bucket {@code models}, {@code experiments/<id>/}), and the shard
 * sets no other experiment uses. Refused while any of them runs. A dry run answers the same plan and deletes
 * nothing. Rows go first, in one transaction; the objects after it, waiting out an object-store outage, so that no
 * row ever points at a deleted object.
 */
@ApplicationScoped
public class DeletionService {
    private static final Logger LOG = Logger.getLogger(DeletionService.class);
    private final DeletionRepository rows;
    private final GridRepository grids;
    private final ObjectStore store;
    private final Retrying retrying;

    public DeletionService(DeletionRepository rows, GridRepository grids, ObjectStore store, Retrying retrying) {
        this.rows = rows;
        this.grids = grids;
        this.store = store;
        this.retrying = retrying;
    }

    /** What goes (or went): experiments, the grid, rows per table, shard sets, objects as {@code bucket/key}. */
    public record Plan(boolean dryRun, String gridId, List<String> experiments, Map<String, Long> rows,
            List<String> shardSets, List<String> objects) {
    }

    public Plan experiment(String id, boolean dryRun) {
        if (Experiment.findById(id) == null) {
            throw new UnknownIdException("experiment", id);
        }
        return delete(List.of(id), null, dryRun);
    }

    public Plan grid(String id, boolean dryRun) {
        grids.byId(id).orElseThrow(() -> new UnknownIdException("grid", id));
        return delete(grids.experiments(id).stream().map(e -> e.id).toList(), id, dryRun);
    }

    private Plan delete(List<String> ids, String gridId, boolean dryRun) {
        List<String> experiments = ids.isEmpty() ? List.of("-") : ids; // an IN () list needs one value
        rows.lockEnded(experiments);
        Map<String, Long> counts = rows.count(experiments, gridId);
        List<String> shardSets = rows.shardSetsOnlyTheirs(experiments);
        List<String> objects = new ArrayList<>();
        try {
            for (String id : ids) {
                // Checkpoints, the final model and every stored prediction live under the experiment's folder.
                store.list(Buckets.MODELS, ModelFiles.experimentFolder(id)).forEach(k -> objects.add(Buckets.MODELS + "/" + k));
            }
            for (String set : shardSets) {
                store.list(Buckets.SHARDS, set + "/").forEach(k -> objects.add(Buckets.SHARDS + "/" + k));
            }
        } catch (IOException e) {
            throw new StorageUnavailableException("what the experiments stored", e);
        }
        Plan plan = new Plan(dryRun, gridId, ids, counts, shardSets, objects);
        if (dryRun) {
            return plan;
        }
        rows.delete(experiments, gridId);
        for (String object : objects) {
            int slash = object.indexOf('/');
            try {
                retrying.untilAvailable("deleting " + object, () -> store.delete(object.substring(0, slash),
                        object.substring(slash + 1)));
            } catch (Exception e) {
                // Rows are gone already: an object left behind is unreferenced, not a broken experiment.
                LOG.warnf("deleted experiments %s left %s in the object store: %s", ids, object, e.getMessage());
            }
        }
        LOG.infof("deleted experiments %s%s: %s rows, %d objects, shard sets %s", ids,
                gridId == null ? "" : " and grid " + gridId, counts, objects.size(), shardSets);
        return plan;
    }
}
