package dev.ferlab.evaluator.metrics;

import java.util.List;

/**
 * Accuracy, per-class precision / recall / F1 / support, their macro and weighted means, and the confusion
 * matrix, with scikit-learn's {@code precision_recall_fscore_support} semantics: a 0/0 ratio is reported as 0 and
 * flagged; the means run over the classes that occur in the truth or the predictions, or over the classes a caller
 * names (scikit-learn's {@code labels=}: a cross-dataset evaluation averages over the classes both sides share).
 *
 * @param confusion rows are true classes, columns predicted classes
 */
public record ClassificationReport(
        List<String> classes,
        long size,
        double accuracy,
        double[] precision,
        double[] recall,
        double[] f1,
        long[] support,
        long[] predicted,
        boolean[] zeroDivision,
        double macroPrecision,
        double macroRecall,
        double macroF1,
        double weightedPrecision,
        double weightedRecall,
        double weightedF1,
        double majorityBaseline,
        long[][] confusion) {

    public static ClassificationReport of(int[] truth, int[] predictions, List<String> classes) {
        return of(truth, predictions, classes, null);
    }

    /**
     * @param averagedOver class indices the macro and weighted means run over; null for every class that occurs in
     *                     the truth or the predictions
     */
    public static ClassificationReport of(int[] truth, int[] predictions, List<String> classes, int[] averagedOver) {
        if (truth.length != predictions.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predictions.length
                    + " predictions");
        }
        int k = classes.size();
        long[][] confusion = new long[k][k];
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= k || predictions[i] < 0 || predictions[i] >= k) {
                throw new IllegalArgumentException("label out of range at " + i + ": true " + truth[i]
                        + ", predicted " + predictions[i] + ", classes " + k);
            }
            confusion[truth[i]][predictions[i]]++;
            correct += truth[i] == predictions[i] ? 1 : 0;
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        long[] support = new long[k];
        long[] predicted = new long[k];
        boolean[] zeroDivision = new boolean[k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < k; j++) {
                support[c] += confusion[c][j];
                predicted[c] += confusion[j][c];
            }
            long tp = confusion[c][c];
            zeroDivision[c] = predicted[c] == 0 || support[c] == 0;
            precision[c] = predicted[c] == 0 ? 0 : tp / (double) predicted[c];
            recall[c] = support[c] == 0 ? 0 : tp / (double) support[c];
            double sum = precision[c] + recall[c];
            f1[c] = sum == 0 ? 0 : 2 * precision[c] * recall[c] / sum;
        }
        boolean[] averaged = new boolean[k];
        for (int c = 0; c < k; c++) {
            averaged[c] = averagedOver == null && (support[c] > 0 || predicted[c] > 0);
        }
        if (averagedOver != null) {
            for (int c : averagedOver) {
                averaged[c] = true;
            }
        }
        int counted = 0;
        long weight = 0;
        double mp = 0;
        double mr = 0;
        double mf = 0;
        double wp = 0;
        double wr = 0;
        double wf = 0;
        long maxSupport = 0;
        for (int c = 0; c < k; c++) {
            if (averaged[c]) {
                counted++;
                mp += precision[c];
                mr += recall[c];
                mf += f1[c];
                wp += precision[c] * support[c];
                wr += recall[c] * support[c];
                wf += f1[c] * support[c];
                weight += support[c];
            }
            maxSupport = Math.max(maxSupport, support[c]);
        }
        long n = truth.length;
        return new ClassificationReport(List.copyOf(classes), n, n == 0 ? 0 : correct / (double) n,
                precision, recall, f1, support, predicted, zeroDivision,
                counted == 0 ? 0 : mp / counted, counted == 0 ? 0 : mr / counted, counted == 0 ? 0 : mf / counted,
                weight == 0 ? 0 : wp / weight, weight == 0 ? 0 : wr / weight, weight == 0 ? 0 : wf / weight,
                n == 0 ? 0 : maxSupport / (double) n, confusion);
    }
}
