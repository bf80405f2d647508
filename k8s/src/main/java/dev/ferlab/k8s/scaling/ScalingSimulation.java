package dev.ferlab.k8s.scaling;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The trainers' fleet under KEDA, second by second, as k8s/base/trainer-scaling.yaml sets it up: every
 * pollingInterval KEDA reads its two metrics (the training queue's open rows; shards.ready messages no trainer has
 * moved into the queue) and the HPA sets replicas to ceil(metric / target) (target 1), at most maxReplicaCount, up by
 * at most 4 pods per 15 s, down by one pod a minute after 5 minutes of a lower count, and to zero after the cooldown.
 * A new pod trains after podStartSeconds. A trainer claims the oldest open run. The queue fills only while a trainer
 * runs (trainers consume shards.ready), which is why the Kafka trigger is there.
 */
public final class ScalingSimulation {
    /** The scaler's settings (trainer-scaling.yaml) and the assumed pod start. */
    public record Scaler(int maxReplicas, int pollSeconds, int upPods, int upPeriod, int downWindow, int downPeriod,
            int cooldown, int podStartSeconds) {
        public static Scaler of(int maxReplicas) {
            return new Scaler(maxReplicas, 15, 4, 15, 300, 60, 300, 60);
        }
    }

    /** What one simulated grid came to. */
    public record Result(int maxReplicas, double wallSeconds, double trainerSeconds, double busySeconds,
            int peakReplicas, int peakWaiting, List<int[]> timeline) {
        double utilisation() {
            return busySeconds / trainerSeconds;
        }
    }

    private ScalingSimulation() {
    }

    /** Runs the grid: every run's shards are ready at {@code readyAt[i]} seconds. */
    public static Result simulate(List<Workload.Run> runs, double[] readyAt, Scaler s) {
        int n = runs.size();
        Deque<Integer> lag = new ArrayDeque<>(); // shards.ready messages not in the queue yet
        Deque<Integer> waiting = new ArrayDeque<>(); // open rows no trainer holds, oldest first
        List<double[]> pods = new ArrayList<>(); // {readyAt, busyUntil (-1 idle), run}
        int done = 0;
        int published = 0;
        int replicas = 0;
        int peakReplicas = 0;
        int peakWaiting = 0;
        double trainerSeconds = 0;
        double busySeconds = 0;
        int lastLowerSince = -1;
        int lastDown = -1_000_000;
        int lastUp = -1_000_000;
        int lastActive = 0;
        double lastEnd = 0;
        List<int[]> timeline = new ArrayList<>();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> readyAt[i]));
        for (int t = 0; ; t++) {
            while (published < n && readyAt[order[published]] <= t) {
                lag.add(order[published++]);
            }
            // A trainer that runs consumes shards.ready at once: the message becomes a queue row.
            final int now = t;
            boolean consuming = pods.stream().anyMatch(p -> p[0] <= now);
            while (consuming && !lag.isEmpty()) {
                waiting.add(lag.poll());
            }
            for (double[] p : pods) {
                if (p[1] >= 0 && p[1] <= t) {
                    lastEnd = Math.max(lastEnd, p[1]);
                    p[1] = -1;
                    done++;
                }
                if (p[0] <= t && p[1] < 0 && !waiting.isEmpty()) {
                    int run = waiting.poll();
                    p[1] = t + runs.get(run).seconds();
                    p[2] = run;
                }
            }
            if (done == n && pods.isEmpty()) {
                return new Result(s.maxReplicas(), lastEnd, trainerSeconds, busySeconds, peakReplicas,
                        peakWaiting, timeline);
            }
            if (t % s.pollSeconds() == 0) {
                long held = pods.stream().filter(p -> p[1] >= 0).count();
                int open = (int) (held + waiting.size());
                int metric = Math.max(open, consuming ? 0 : lag.size());
                int desired = Math.min(s.maxReplicas(), metric);
                if (metric > 0) {
                    lastActive = t;
                }
                if (desired > replicas && t - lastUp >= s.upPeriod()) {
                    replicas = Math.min(desired, replicas + s.upPods());
                    lastUp = t;
                    lastLowerSince = -1;
                } else if (desired < replicas) {
                    if (lastLowerSince < 0) {
                        lastLowerSince = t;
                    }
                    boolean toZero = desired == 0 && t - lastActive >= s.cooldown();
                    if ((t - lastLowerSince >= s.downWindow() && t - lastDown >= s.downPeriod() && desired > 0)
                            || toZero) {
                        replicas = toZero ? 0 : replicas - 1;
                        lastDown = t;
                    }
                } else {
                    lastLowerSince = -1;
                }
                while (pods.size() < replicas) {
                    pods.add(new double[] {t + s.podStartSeconds(), -1, -1});
                }
                // The pod that goes is an idle one: the metric counts held runs, so while replicas exceed it some
                // trainer is idle (docs/scaling.md says what a real ReplicaSet may pick instead). A busy one would
                // hand its run back to the head of the queue, from its checkpoint.
                while (pods.size() > replicas) {
                    double[] gone = pods.stream().filter(p -> p[1] < 0).findFirst().orElse(pods.get(pods.size() - 1));
                    if (gone[1] >= 0) {
                        waiting.addFirst((int) gone[2]);
                    }
                    pods.remove(gone);
                }
                peakReplicas = Math.max(peakReplicas, replicas);
            }
            peakWaiting = Math.max(peakWaiting, waiting.size() + lag.size());
            trainerSeconds += pods.size();
            busySeconds += pods.stream().filter(p -> p[1] >= 0).count();
            if (t % 60 == 0) {
                timeline.add(new int[] {t, waiting.size() + lag.size(), pods.size(),
                    (int) pods.stream().filter(p -> p[1] >= 0).count(), done});
            }
        }
    }

    public static void main(String[] args) {
        print(System.out);
    }

    static void print(PrintStream out) {
        // Preprocessing: one shard set per preprocessing (raw, undersampled, clahe+smote), one after the other.
        double prep = 120;
        for (Workload.Device device : List.of(Workload.H100, Workload.CPU_NODE)) {
            List<Workload.Run> runs = Workload.studyGrid(device);
            double[] ready = new double[runs.size()];
            for (int i = 0; i < ready.length; i++) {
                ready[i] = prep * (1 + i % 3);
            }
            double work = runs.stream().mapToDouble(Workload.Run::seconds).sum();
            double longest = runs.stream().mapToDouble(Workload.Run::seconds).max().orElse(0);
            out.printf(Locale.ROOT, "### %s%n%n", device.name());
            out.printf(Locale.ROOT, "27 runs, %d epochs each: %s of training on one trainer, the longest run %s.%n%n",
                    Workload.EPOCHS, hours(work), hours(longest));
            out.println("| trainers at most | grid wall time | lower bound | trainer time (billed) | busy | peak replicas | "
                    + "peak runs waiting |");
            out.println("|---|---|---|---|---|---|---|");
            List<Result> results = new ArrayList<>();
            for (int max : new int[] {1, 3, 9, 27}) {
                results.add(simulate(runs, ready, Scaler.of(max)));
            }
            for (Result r : results) {
                int max = r.maxReplicas();
                double bound = Math.max(longest, work / max) + prep;
                out.printf(Locale.ROOT, "| %d | %s | %s | %s | %.0f%% | %d | %d |%n", max, hours(r.wallSeconds()),
                        hours(bound), hours(r.trainerSeconds()), 100 * r.utilisation(), r.peakReplicas(),
                        r.peakWaiting());
            }
            out.println();
            for (Result r : results) {
                StringBuilder line = new StringBuilder("- at most " + r.maxReplicas() + ": ");
                List<String> points = new ArrayList<>();
                for (double f : new double[] {0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.95}) {
                    int[] at = r.timeline().get((int) Math.min(r.timeline().size() - 1,
                            Math.round(f * r.wallSeconds() / 60)));
                    points.add(String.format(Locale.ROOT, "%s: %d waiting, %d replicas (%d busy), %d done",
                            hours(at[0]), at[1], at[2], at[3], at[4]));
                }
                out.println(line.append(String.join("; ", points)));
            }
            out.println();
        }
    }

    static String hours(double seconds) {
        long m = Math.round(seconds / 60);
        return m >= 60 ? String.format(Locale.ROOT, "%d h %02d min", m / 60, m % 60) : m + " min";
    }
}
