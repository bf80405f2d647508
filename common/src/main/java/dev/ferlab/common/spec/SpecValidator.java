package dev.ferlab.common.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks a submission field by field, fills defaults, and names every field that is wrong. */
public final class SpecValidator {
    public static final int MAX_EPOCHS = 1000;
    public static final int MAX_BATCH_SIZE = 4096;
    public static final int MIN_IMAGE_SIZE = 16;
    public static final int MAX_IMAGE_SIZE = 512;
    public static final int MAX_CLAHE_TILE_GRID = 64;
    /** Cross-validation with more folds than this leaves too few images per fold to score on. */
    public static final int MAX_FOLDS = 20;

    private SpecValidator() {
    }

    /** @throws InvalidSpecException listing every invalid field */
    public static ExperimentSpec validate(ExperimentSubmission s) {
        List<FieldError> errors = new ArrayList<>();
        if (s == null) {
            throw new InvalidSpecException(List.of(new FieldError("body", "an experiment JSON object is required")));
        }
        if (s.dataset() == null || s.dataset().isBlank()) {
            errors.add(new FieldError("dataset",
                    "is required: an image-folder path the services can read, or " + ExperimentSpec.SYNTHETIC_DATASET));
        }
        ModelArchitecture model = option(ModelArchitecture.class, "model", s.model(), null, errors);
        TransferMode transfer = option(TransferMode.class, "transferMode", s.transferMode(), TransferMode.NONE, errors);
        int epochs = range("epochs", s.epochs(), ExperimentSpec.DEFAULT_EPOCHS, 1, MAX_EPOCHS, errors);
        int batch = range("batchSize", s.batchSize(), ExperimentSpec.DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE, errors);
        double lr = Optional.ofNullable(s.learningRate()).orElse(ExperimentSpec.DEFAULT_LEARNING_RATE);
        if (!(lr > 0 && lr <= 1)) {
            errors.add(new FieldError("learningRate", "must be greater than 0 and at most 1, got " + lr));
        }
        long seed = Optional.ofNullable(s.seed()).orElse(ExperimentSpec.DEFAULT_SEED);
        int maxBatches = range("maxBatchesPerEpoch", s.maxBatchesPerEpoch(), 0, 0, Integer.MAX_VALUE, errors);
        int patience = range("earlyStoppingPatience", s.earlyStoppingPatience(), 0, 0, MAX_EPOCHS, errors);
        PreprocessingSpec pre = preprocessing(s.preprocessing(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        return new ExperimentSpec(s.dataset().trim(), pre, model, transfer, epochs, batch, lr, seed, maxBatches,
                patience);
    }

    private static PreprocessingSpec preprocessing(ExperimentSubmission.PreprocessingSubmission p,
            List<FieldError> errors) {
        PreprocessingSpec d = PreprocessingSpec.defaults();
        if (p == null) {
            return d;
        }
        int size = range("preprocessing.imageSize", p.imageSize(), d.imageSize(), MIN_IMAGE_SIZE, MAX_IMAGE_SIZE,
                errors);
        double clip = Optional.ofNullable(p.claheClipLimit()).orElse(d.claheClipLimit());
        if (!(clip > 0 && clip <= 100)) {
            errors.add(new FieldError("preprocessing.claheClipLimit",
                    "must be greater than 0 and at most 100, got " + clip));
        }
        int grid = range("preprocessing.claheTileGrid", p.claheTileGrid(), d.claheTileGrid(), 1, MAX_CLAHE_TILE_GRID,
                errors);
        Balancing balancing = option(Balancing.class, "preprocessing.balancing", p.balancing(), d.balancing(), errors);
        boolean before = Optional.ofNullable(p.balanceBeforeSplit()).orElse(d.balanceBeforeSplit());
        String groupBy = groupBy(p.groupBy(), errors);
        if (groupBy != null && before && balancing == Balancing.SMOTE) {
            errors.add(new FieldError("preprocessing.groupBy", "cannot group a split whose synthetic images are made"
                    + " before it (balanceBeforeSplit with SMOTE): they belong to no subject"));
        }
        Integer folds = p.folds();
        Integer fold = p.fold();
        if (folds != null || fold != null) {
            if (folds == null || folds < 3 || folds > MAX_FOLDS) {
                errors.add(new FieldError("preprocessing.folds", "must be between 3 and " + MAX_FOLDS
                        + " with a fold given, got " + folds));
            } else if (fold == null || fold < 0 || fold >= folds) {
                errors.add(new FieldError("preprocessing.fold", "must be between 0 and " + (folds - 1)
                        + " (the fold tested), got " + fold));
            }
            if (before) {
                errors.add(new FieldError("preprocessing.folds", "cannot be used with balanceBeforeSplit: the"
                        + " folds would share synthetic or dropped images"));
            }
        }
        return new PreprocessingSpec(size, Optional.ofNullable(p.clahe()).orElse(d.clahe()), clip, grid, balancing,
                before, groupBy, folds, fold);
    }

    /** CK+'s file names, {@code S010_004_00000017.png}: subject 010, sequence 004, frame 17. */
    public static final String CK_SUBJECT = "ck-subject";
    public static final String CK_SUBJECT_PATTERN = "^S(\\d+)_";

    /** A preset's pattern, or the expression itself once it compiles; null stays null (no grouping). */
    private static String groupBy(String value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.equals(CK_SUBJECT)) {
            return CK_SUBJECT_PATTERN;
        }
        if (v.isEmpty()) {
            errors.add(new FieldError("preprocessing.groupBy", "must be a regular expression over the file name"
                    + " whose first group names the image's group, or " + CK_SUBJECT + " (" + CK_SUBJECT_PATTERN
                    + ")"));
            return null;
        }
        try {
            java.util.regex.Pattern.compile(v);
        } catch (java.util.regex.PatternSyntaxException e) {
            errors.add(new FieldError("preprocessing.groupBy", "is not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex() + " of '" + v + "'"));
        }
        return v;
    }

    private static int range(String field, Integer value, int fallback, int min, int max, List<FieldError> errors) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max + ", got " + v));
        }
        return v;
    }

    private static <E extends Enum<E> & NamedOption> E option(Class<E> type, String field, String value, E fallback,
            List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                errors.add(new FieldError(field, "is required; one of " + NamedOption.ids(type)));
            }
            return fallback;
        }
        Optional<E> found = NamedOption.byId(type, value);
        if (found.isEmpty()) {
            errors.add(new FieldError(field,
                    "unknown value '" + value + "'; expected one of " + NamedOption.ids(type)));
        }
        return found.orElse(fallback);
    }
}
