package dev.ferlab.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.ferlab.common.json.Json;
import dev.ferlab.common.spec.ExperimentSubmission;
import dev.ferlab.common.spec.PreprocessingVariant;
import dev.ferlab.common.spec.SpecValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The named variants: each names the spec it asks for, and a submission may name one instead of spelling it. */
class PreprocessingVariantTest {

    @Test
    void eachVariantsSubmissionIsValidAndNamedBackTheSame() {
        for (PreprocessingVariant v : PreprocessingVariant.values()) {
            ExperimentSubmission s = new ExperimentSubmission("builtin:synthetic-faces", v.submission(), "small-cnn",
                    null, null, null, null, null, null, null);
            assertEquals(v, PreprocessingVariant.of(SpecValidator.validate(s).preprocessing()), v.id());
        }
        assertEquals(List.of("raw", "undersampled", "clahe+smote"),
                PreprocessingVariant.STUDY.stream().map(PreprocessingVariant::id).toList());
    }

    @Test
    void aSubmissionMayNameItsVariant() {
        ExperimentSubmission s = Json.fromBytes(("{\"dataset\":\"d\",\"model\":\"small-cnn\","
                + "\"preprocessing\":\"clahe+smote\"}").getBytes(), ExperimentSubmission.class);
        assertEquals(PreprocessingVariant.CLAHE_SMOTE.submission(), s.preprocessing());
        ExperimentSubmission spelled = Json.fromBytes(("{\"dataset\":\"d\",\"model\":\"small-cnn\","
                + "\"preprocessing\":{\"clahe\":true,\"balancing\":\"smote\",\"imageSize\":48}}").getBytes(),
                ExperimentSubmission.class);
        assertEquals(48, spelled.preprocessing().imageSize());
    }

    @Test
    void anUnknownNameSaysWhichExist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.fromBytes(
                "{\"preprocessing\":\"sharpened\"}".getBytes(), ExperimentSubmission.class));
        assertTrue(e.getCause() instanceof JsonMappingException, e.toString());
        assertTrue(e.getMessage().contains("raw, undersampled, smote, clahe, clahe+smote, clahe+undersampled"),
                e.getMessage());
    }
}
