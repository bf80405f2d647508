package dev.ferlab.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    @Test
    void stopsAfterPatienceEpochsWithoutAnImprovement() {
        EarlyStopping e = new EarlyStopping(2, null);
        e.observe(1.0f);
        e.observe(0.8f);
        e.observe(0.9f);
        assertFalse(e.triggered(), "one epoch without improvement of two allowed");
        e.observe(0.8f);
        assertTrue(e.triggered(), "equal to the best is not an improvement");
        assertEquals(0.8f, e.state().bestLoss().floatValue());
        assertEquals(2, e.state().epochsWithoutImprovement());
    }

    @Test
    void anImprovementResetsTheCount() {
        EarlyStopping e = new EarlyStopping(2, null);
        e.observe(1.0f);
        e.observe(1.1f);
        e.observe(0.5f);
        e.observe(0.6f);
        assertFalse(e.triggered());
        assertEquals(1, e.state().epochsWithoutImprovement());
    }

    @Test
    void aResumedRunGoesOnFromTheCheckpointedState() {
        EarlyStopping e = new EarlyStopping(2, new EarlyStopping.State(0.5, 1, false));
        e.observe(0.7f);
        assertTrue(e.triggered(), "the epoch before the checkpoint counts");
    }

    @Test
    void patienceZeroAndMissingValidationNeverStop() {
        EarlyStopping off = new EarlyStopping(0, null);
        for (int i = 0; i < 10; i++) {
            off.observe(1.0f + i);
        }
        assertFalse(off.triggered());
        EarlyStopping noValidation = new EarlyStopping(1, null);
        noValidation.observe(null);
        noValidation.observe(Float.NaN);
        assertFalse(noValidation.triggered());
    }
}
