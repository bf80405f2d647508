package dev.ferlab.k8s.scaling;

import java.util.ArrayList;
import java.util.List;

/**
 * The study's 27-run grid on FER-2013 (three networks, three transfer modes, three preprocessings, 100 epochs each),
 * as seconds of one trainer per run, from measured throughputs (docs/scaling.md says where each comes from).
 */
public final class Workload {
    /** FER-2013's training images per class (../shared/datasets/README.md). */
    static final int[] FER2013_CLASSES = {3995, 436, 4097, 7215, 4965, 4830, 3171};
    static final double TRAIN_SHARE = 0.8;
    static final double VALIDATION_SHARE = 0.1;
    public static final int EPOCHS = 100;

    /** Training and inference images per second of one model on one trainer. */
    public record Throughput(double full, double partial, double inference) {
    }

    /** One run: its name and its seconds on one trainer, from claim to last split evaluated. */
    public record Run(String name, double seconds) {
    }

    /** A trainer's speed for each network, and what an epoch costs beyond its images (checkpoint, report). */
    public record Device(String name, Throughput resnet50, Throughput vgg16, Throughput mobilenet, double epochOverhead) {
        Throughput of(String model) {
            return switch (model) {
                case "resnet50" -> resnet50;
                case "vgg16" -> vgg16;
                default -> mobilenet;
            };
        }
    }

    /** One NVIDIA H100, batch 32, float32: benchmarks/torch_reference.py (docs/measurements/). */
    public static final Device H100 = new Device("NVIDIA H100 (PyTorch reference, batch 32)",
            new Throughput(2096.5, 4729.6, 9543.0), new Throughput(2825.8, 5048.3, 12103.1),
            new Throughput(2034.6, 5364.2, 9906.2), 2.0);

    /**
     * This project's development machine as a trainer node (2 cores, PyTorch CPU): ferlab's pipeline throughput
     * (README, "Training"). Partial fine-tuning and inference were not measured there: partial is taken as fast as
     * full (it is faster), inference as three times training (forward only).
     */
    public static final Device CPU_NODE = new Device("2-core CPU node (ferlab pipeline, batch 32)",
            new Throughput(36.2, 36.2, 3 * 36.2), new Throughput(7.0, 7.0, 3 * 7.0),
            new Throughput(111.3, 111.3, 3 * 111.3), 2.0);

    private Workload() {
    }

    static int trainImages(String preprocessing) {
        int total = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int c : FER2013_CLASSES) {
            int train = (int) Math.floor(c * TRAIN_SHARE);
            total += train;
            min = Math.min(min, train);
            max = Math.max(max, train);
        }
        return switch (preprocessing) {
            case "undersampled" -> min * FER2013_CLASSES.length; // every class cut to the smallest
            case "clahe+smote" -> max * FER2013_CLASSES.length; // every class raised to the largest
            default -> total;
        };
    }

    static int allImages() {
        int total = 0;
        for (int c : FER2013_CLASSES) {
            total += c;
        }
        return total;
    }

    /** The 27 runs in the order a grid submits them: model, then transfer mode, then preprocessing. */
    public static List<Run> studyGrid(Device device) {
        List<Run> runs = new ArrayList<>();
        int validation = (int) Math.floor(allImages() * VALIDATION_SHARE);
        for (String model : List.of("resnet50", "vgg16", "mobilenetv3-large")) {
            for (String mode : List.of("scratch", "partial", "full")) {
                for (String prep : List.of("raw", "undersampled", "clahe+smote")) {
                    Throughput t = device.of(model);
                    double train = mode.equals("partial") ? t.partial() : t.full();
                    double epoch = trainImages(prep) / train + validation / t.inference() + device.epochOverhead();
                    // After the last epoch the evaluator scores all three splits: forward passes over every image.
                    double evaluation = (trainImages(prep) + 2.0 * validation) / t.inference();
                    runs.add(new Run(model + " " + mode + " " + prep, EPOCHS * epoch + evaluation));
                }
            }
        }
        return runs;
    }
}
