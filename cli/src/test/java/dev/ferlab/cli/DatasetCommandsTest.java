package dev.ferlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The import's progress line: a bar when the total is known (files), a count when not (CSV rows). */
class DatasetCommandsTest {
    @Test
    void theBarFillsWithTheFilesChecked() {
        assertEquals("[..............................] 0 / 28,709 files checked", DatasetCommands.bar(0, 28_709));
        assertEquals("[###############...............] 14,400 / 28,709 files checked",
                DatasetCommands.bar(14_400, 28_709));
        assertEquals("[##############################] 28,709 / 28,709 files checked",
                DatasetCommands.bar(28_709, 28_709));
    }

    @Test
    void aCsvShowsItsRowCount() {
        assertEquals("35,900 rows checked", DatasetCommands.bar(35_900, -1));
    }
}
