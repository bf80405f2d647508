package dev.ferlab.gateway.grid.service;

import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.ExperimentSubmission;
import dev.ferlab.common.spec.ExperimentSubmission.PreprocessingSubmission;
import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.common.spec.NamedOption;
import dev.ferlab.common.spec.SpecValidator;
import dev.ferlab.gateway.grid.rest.GridSubmission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a grid submission into validated experiment specs, in the order model, transfer mode, preprocessing,
 * seed, fold (the study's Table 1 order, folds innermost when cross-validated). Every invalid list entry is named by its position, e.g. {@code models[1]}.
 */
public final class GridExpansion {
    public static final int MAX_EXPERIMENTS = 1000;
    private static final PreprocessingSubmission DEFAULT_PREPROCESSING = new PreprocessingSubmission(null, null, null,
            null, null, null, null, null, null);

    private GridExpansion() {
    }

    /** @throws InvalidSpecException naming every wrong field, before anything is stored */
    public static List<ExperimentSpec> expand(GridSubmission g) {
        if (g == null) {
            throw new InvalidSpecException(List.of(new FieldError("body", "a grid JSON object is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        GridPreset preset = null;
        if (g.preset() != null && !g.preset().isBlank()) {
            preset = NamedOption.byId(GridPreset.class, g.preset()).orElse(null);
            if (preset == null) {
                errors.add(new FieldError("preset", "unknown preset '" + g.preset() + "'; expected one of "
                        + NamedOption.ids(GridPreset.class) + " (or none, with the lists given)"));
            }
        }
        List<String> models = list(g.models(), preset != null ? preset.models() : null, "models", errors);
        List<String> modes = list(g.transferModes(), preset != null ? preset.transferModes() : List.of("none"),
                "transferModes", errors);
        List<PreprocessingSubmission> pre = list(g.preprocessing(), preset != null ? preset.preprocessing()
                : java.util.Collections.singletonList(null), "preprocessing", errors);
        List<Long> seeds = list(g.seeds(), preset != null && !preset.seeds().isEmpty() ? preset.seeds()
                : List.of(ExperimentSpec.DEFAULT_SEED), "seeds", errors);
        Integer epochs = g.epochs() != null || preset == null ? g.epochs() : preset.epochs();
        Integer batchSize = g.batchSize() != null || preset == null ? g.batchSize() : preset.batchSize();
        int folds = g.folds() == null ? 1 : g.folds();
        if (g.folds() != null && (folds < 3 || folds > SpecValidator.MAX_FOLDS)) {
            errors.add(new FieldError("folds", "must be between 3 and " + SpecValidator.MAX_FOLDS
                    + " (k of k-fold cross-validation), got " + folds));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        long total = (long) models.size() * modes.size() * pre.size() * seeds.size() * folds;
        if (total > MAX_EXPERIMENTS) {
            throw new InvalidSpecException(List.of(new FieldError("body", "the grid expands to " + total
                    + " experiments; at most " + MAX_EXPERIMENTS + " per grid")));
        }
        // Field errors keyed by field, so that one bad model is reported once, not once per combination.
        Map<String, FieldError> named = new LinkedHashMap<>();
        List<ExperimentSpec> specs = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            for (int t = 0; t < modes.size(); t++) {
                for (int p = 0; p < pre.size(); p++) {
                    for (int s = 0; s < seeds.size(); s++) {
                        for (int f = 0; f < folds; f++) {
                            PreprocessingSubmission prep = g.folds() == null ? pre.get(p)
                                    : (pre.get(p) == null ? DEFAULT_PREPROCESSING : pre.get(p)).withFold(folds, f);
                            ExperimentSubmission one = new ExperimentSubmission(g.dataset(), prep, models.get(m),
                                    modes.get(t), epochs, batchSize, g.learningRate(), seeds.get(s),
                                    g.maxBatchesPerEpoch(), g.earlyStoppingPatience());
                            try {
                                specs.add(SpecValidator.validate(one));
                            } catch (InvalidSpecException e) {
                                for (FieldError fe : e.errors()) {
                                    FieldError renamed = new FieldError(rename(fe.field(), m, t, p, s),
                                            fe.message());
                                    named.putIfAbsent(renamed.field(), renamed);
                                }
                            }
                        }
                    }
                }
            }
        }
        if (!named.isEmpty()) {
            throw new InvalidSpecException(List.copyOf(named.values()));
        }
        return specs;
    }

    private static String rename(String field, int m, int t, int p, int s) {
        if (field.equals("model")) {
            return "models[" + m + "]";
        }
        if (field.equals("transferMode")) {
            return "transferModes[" + t + "]";
        }
        if (field.startsWith("preprocessing.")) {
            return "preprocessing[" + p + "]" + field.substring("preprocessing".length());
        }
        if (field.equals("seed")) {
            return "seeds[" + s + "]";
        }
        return field;
    }

    private static <T> List<T> list(List<T> given, List<T> fallback, String field, List<FieldError> errors) {
        if (given == null) {
            if (fallback == null) {
                errors.add(new FieldError(field, "is required: a list with at least one entry (or a preset: "
                        + NamedOption.ids(GridPreset.class) + ")"));
                return List.of();
            }
            return fallback;
        }
        if (given.isEmpty()) {
            errors.add(new FieldError(field, "must have at least one entry"));
        }
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null && !field.equals("preprocessing")) {
                errors.add(new FieldError(field + "[" + i + "]", "must not be null"));
            }
        }
        return given;
    }
}
