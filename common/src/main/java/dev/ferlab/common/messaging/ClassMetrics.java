package dev.ferlab.common.messaging;

/** Precision, recall and F1 of one class, with its support (true instances in the split). */
public record ClassMetrics(String label, double precision, double recall, double f1, long support, long predicted) {
}
