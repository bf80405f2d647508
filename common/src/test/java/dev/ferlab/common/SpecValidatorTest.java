package dev.ferlab.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.spec.Balancing;
import dev.ferlab.common.spec.ExperimentSpec;
import dev.ferlab.common.spec.ExperimentSubmission;
import dev.ferlab.common.spec.ExperimentSubmission.PreprocessingSubmission;
import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.spec.SpecValidator;
import dev.ferlab.common.spec.TransferMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    private static ExperimentSubmission minimal(String model, Integer epochs) {
        return new ExperimentSubmission("/data/ck48", null, model, null, epochs, null, null, null, null, null);
    }

    @Test
    void fillsTheStudyDefaults() {
        ExperimentSpec spec = SpecValidator.validate(minimal("resnet50", null));
        assertEquals(ModelArchitecture.RESNET50, spec.model());
        assertEquals(TransferMode.NONE, spec.transferMode());
        assertEquals(ExperimentSpec.DEFAULT_EPOCHS, spec.epochs());
        assertEquals(32, spec.batchSize());
        assertEquals(0.001, spec.learningRate());
        assertEquals(96, spec.preprocessing().imageSize());
        assertEquals(2.0, spec.preprocessing().claheClipLimit());
        assertEquals(8, spec.preprocessing().claheTileGrid());
        assertEquals(Balancing.NONE, spec.preprocessing().balancing());
    }

    @Test
    void modelNamesAreCaseInsensitive() {
        assertEquals(ModelArchitecture.VGG16, SpecValidator.validate(minimal("VGG16", 1)).model());
    }

    @Test
    void unknownModelNamesTheFieldAndTheChoices() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> SpecValidator.validate(minimal("alexnet", 3)));
        assertEquals(1, e.errors().size());
        FieldError error = e.errors().get(0);
        assertEquals("model", error.field());
        assertTrue(error.message().contains("alexnet"), error.message());
        assertTrue(error.message().contains("resnet50"), error.message());
    }

    @Test
    void negativeEpochsNameTheField() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> SpecValidator.validate(minimal("small-cnn", -1)));
        assertEquals(List.of("epochs"), e.errors().stream().map(FieldError::field).toList());
        assertTrue(e.errors().get(0).message().contains("-1"));
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        ExperimentSubmission s = new ExperimentSubmission(" ",
                new PreprocessingSubmission(8, true, -1.0, 0, "oversample", null, "S(\\d+", null, null),
                null, "half", 0, 0, 2.0, null, -5, -1);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecValidator.validate(s));
        assertEquals(List.of("dataset", "model", "transferMode", "epochs", "batchSize", "learningRate",
                "maxBatchesPerEpoch", "earlyStoppingPatience", "preprocessing.imageSize", "preprocessing.claheClipLimit",
                "preprocessing.claheTileGrid", "preprocessing.balancing", "preprocessing.groupBy"),
                e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void groupByTakesTheCkSubjectPresetOrAnyRegularExpressionAndIsLeftOutOfTheJsonWhenAbsent() {
        ExperimentSpec ck = SpecValidator.validate(new ExperimentSubmission("/data/ck48",
                new PreprocessingSubmission(null, null, null, null, null, null, "ck-subject", null, null), "small-cnn", null,
                null, null, null, null, null, null));
        assertEquals("^S(\\d+)_", ck.preprocessing().groupBy());
        assertTrue(dev.ferlab.common.json.Json.toString(ck.preprocessing()).contains("\"groupBy\""));
        ExperimentSpec plain = SpecValidator.validate(new ExperimentSubmission("/data/ck48", null, "small-cnn", null,
                null, null, null, null, null, null));
        assertEquals(null, plain.preprocessing().groupBy());
        assertTrue(!dev.ferlab.common.json.Json.toString(plain.preprocessing()).contains("groupBy"),
                "an ungrouped spec's JSON, and so its shard set id, is what it was");
    }

    @Test
    void nullBodyIsAnError() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecValidator.validate(null));
        assertEquals("body", e.errors().get(0).field());
    }
}
