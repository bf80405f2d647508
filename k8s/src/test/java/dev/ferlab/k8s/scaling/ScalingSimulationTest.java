package dev.ferlab.k8s.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingSimulationTest {
    private static final List<Workload.Run> FOUR = List.of(new Workload.Run("a", 1000), new Workload.Run("b", 2000),
            new Workload.Run("c", 3000), new Workload.Run("d", 4000));
    private static final double[] AT_ZERO = {0, 0, 0, 0};

    @Test
    void oneTrainerRunsTheRunsOneAfterAnother() {
        var r = ScalingSimulation.simulate(FOUR, AT_ZERO, ScalingSimulation.Scaler.of(1));
        // Woken by the Kafka lag at the first poll, trains after its start, then the runs back to back.
        assertEquals(60 + 10_000, r.wallSeconds(), 1.0);
        assertEquals(1, r.peakReplicas());
        assertEquals(10_000, r.busySeconds(), 4.0);
    }

    @Test
    void enoughTrainersFinishWithTheLongestRun() {
        var r = ScalingSimulation.simulate(FOUR, AT_ZERO, ScalingSimulation.Scaler.of(27));
        assertEquals(4, r.peakReplicas(), "one trainer per open run, not the maximum");
        assertEquals(60 + 4000, r.wallSeconds(), 1.0);
    }

    @Test
    void neverMoreThanTheMaximumAndBackToZeroAfterTheCooldown() {
        var runs = Collections.nCopies(27, new Workload.Run("r", 600));
        var r = ScalingSimulation.simulate(runs, new double[27], ScalingSimulation.Scaler.of(9));
        assertEquals(9, r.peakReplicas());
        assertTrue(r.timeline().stream().allMatch(p -> p[2] <= 9));
        // (The simulation returns only once the fleet is back at zero replicas.)
        assertEquals(3 * 600 + 60, r.wallSeconds(), 2 * 15 + 1.0); // within two polls
        // Billed beyond busy: the pods' starts, the scale-down window and the cooldown.
        assertTrue(r.trainerSeconds() - r.busySeconds() < 9 * (60 + 300 + 300 + 60), r.toString());
    }

    @Test
    void shardsReadyLaterWakeTheFleetLater() {
        var r = ScalingSimulation.simulate(FOUR, new double[] {500, 500, 500, 500}, ScalingSimulation.Scaler.of(4));
        assertEquals(500 + 60 + 4000, r.wallSeconds(), 16.0);
    }

    @Test
    void theStudyGridOnTheH100() {
        var runs = Workload.studyGrid(Workload.H100);
        assertEquals(27, runs.size());
        double work = runs.stream().mapToDouble(Workload.Run::seconds).sum();
        var r = ScalingSimulation.simulate(runs, new double[27], ScalingSimulation.Scaler.of(27));
        assertTrue(r.wallSeconds() < work / 5, "27 trainers cut the grid's wall time to a fraction of its work");
    }
}
