package dev.ferlab.evaluator.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferlab.common.messaging.ClassCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CK+48's classes meet FER-2013's: contempt on one side only, neutral on the other. */
class ClassMappingTest {
    static final List<String> CK48 = List.of("anger", "contempt", "disgust", "fear", "happiness", "sadness",
            "surprise");
    static final List<String> FER = List.of("anger", "disgust", "fear", "happiness", "neutral", "sadness",
            "surprise");

    @Test
    void sharedClassesMapByCanonicalNameAndTheRestIsReportedNotGuessed() {
        ClassMapping m = ClassMapping.of(CK48, FER);
        assertArrayEquals(new int[] {0, 2, 3, 4, 5, 6}, m.sharedModelIndices(), "every CK+48 class but contempt");
        assertEquals(0, m.toModel(0), "anger");
        assertEquals(2, m.toModel(1), "disgust is the model's third class");
        assertEquals(-1, m.toModel(4), "the model has no neutral");
        assertEquals(5, m.toModel(5), "sadness");

        // Ten target images: two neutral (FER index 4) among them.
        int[] target = {0, 4, 1, 2, 3, 4, 5, 6, 6, 0};
        assertArrayEquals(new int[] {0, 2, 3, 4, 6, 7, 8, 9}, m.reachable(target));
        ClassCoverage c = m.coverage(target);
        assertEquals(List.of("contempt"), c.absentFromTarget());
        assertEquals(List.of("neutral"), c.unknownToModel());
        assertEquals(10, c.targetImages());
        assertEquals(2, c.unreachableImages());
        assertEquals(0.2, c.unreachableShare(), 1e-12);
    }

    @Test
    void identicalVocabulariesLoseNothing() {
        ClassMapping m = ClassMapping.of(CK48, CK48);
        ClassCoverage c = m.coverage(new int[] {0, 1, 6});
        assertEquals(List.of(), c.absentFromTarget());
        assertEquals(List.of(), c.unknownToModel());
        assertEquals(0, c.unreachableShare(), 0);
        assertEquals(7, m.sharedModelIndices().length);
    }
}
