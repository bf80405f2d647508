package dev.ferlab.gateway.grid.rest;

import dev.ferlab.gateway.experiment.repository.Experiment;
import dev.ferlab.gateway.experiment.rest.ExperimentView;
import dev.ferlab.gateway.grid.repository.Grid;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A grid as the API shows it: its experiments (without curves) and how many are in each status. */
public record GridView(String id, String name, Instant createdAt, int size, Map<String, Integer> statuses,
        List<ExperimentView> experiments) {

    /** @param positions the waiting experiments' places in the trainers' queue */
    public static GridView of(Grid g, List<Experiment> experiments, Map<String, Integer> positions) {
        Map<String, Integer> statuses = new TreeMap<>();
        experiments.forEach(e -> statuses.merge(e.status.name(), 1, Integer::sum));
        return new GridView(g.id, g.name, g.createdAt, experiments.size(), statuses,
                experiments.stream().map(e -> ExperimentView.of(e, null, positions.get(e.id))).toList());
    }
}
