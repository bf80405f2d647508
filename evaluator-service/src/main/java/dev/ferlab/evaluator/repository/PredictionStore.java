package dev.ferlab.evaluator.repository;

import dev.ferlab.common.storage.Buckets;
import dev.ferlab.common.storage.ObjectStore;
import dev.ferlab.models.Predictions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;

/** Writes and reads the per-image predictions of evaluations ({@link PredictionsFile}) in bucket {@code models}. */
@ApplicationScoped
public class PredictionStore {
    private final ObjectStore store;

    public PredictionStore(ObjectStore store) {
        this.store = store;
    }

    public void save(String key, String experimentId, String dataset, String split, List<String> modelClasses,
            List<String> datasetClasses, int[] truth, Predictions.Result result) throws IOException {
        float[][] probabilities = new float[result.logProbabilities().length][];
        for (int i = 0; i < probabilities.length; i++) {
            float[] log = result.logProbabilities()[i];
            probabilities[i] = new float[log.length];
            for (int c = 0; c < log.length; c++) {
                probabilities[i][c] = (float) Math.exp(log[c]);
            }
        }
        store.putJson(Buckets.MODELS, key, new PredictionsFile(experimentId, dataset, split, modelClasses,
                datasetClasses, truth, result.predicted(), probabilities));
    }

    public PredictionsFile read(String key) throws IOException {
        return store.getJson(Buckets.MODELS, key, PredictionsFile.class);
    }
}
