package dev.ferlab.gateway.grid.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.spec.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class Table1Test {
    private static final List<ResultRow> ROWS = List.of(
            new ResultRow("e1", "COMPLETED", "vgg16", "partial", "clahe+smote", 42L, 0.91234, 0.8, 0.79, 0.78,
                    0.77, 0.775),
            new ResultRow("e2", "TRAINING", "resnet50", "none", "raw", 7L, null, null, null, null, null, null));

    @Test
    void runsAreNamedTheWayTheStudyNamesThem() {
        assertEquals("ResNet50", Table1.runName("resnet50", "none", "raw"));
        assertEquals("Partially Frozen VGG16 (30%) CLAHE SMOTE", Table1.runName("vgg16", "partial", "clahe+smote"));
        assertEquals("Pre-Trained MobileNetV3Large Undersampling",
                Table1.runName("mobilenetv3-large", "full", "undersampled"));
    }

    @Test
    void csvHasAHeaderAndOneQuotedLinePerRun() {
        String csv = Table1.render(ROWS, Table1.Format.CSV);
        List<String> lines = csv.lines().toList();
        assertEquals(3, lines.size());
        assertEquals(String.join(",", Table1.HEADER), lines.get(0));
        assertEquals("Partially Frozen VGG16 (30%) CLAHE SMOTE,vgg16,partial,clahe+smote,42,0.9123,0.8000,0.7900,"
                + "0.7800,0.7700,0.7750,COMPLETED", lines.get(1));
        assertEquals("ResNet50,resnet50,none,raw,7,,,,,,,TRAINING", lines.get(2), "no metrics yet: empty cells");
    }

    @Test
    void markdownIsATableWithNumbersRightAligned() {
        List<String> lines = Table1.render(ROWS, Table1.Format.MARKDOWN).lines().toList();
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).startsWith("| --- | --- | --- | --- | --- | ---: |"), lines.get(1));
        assertTrue(lines.get(2).contains("| 0.7900 |"), lines.get(2));
        assertTrue(lines.get(3).contains("| – |"), lines.get(3));
    }

    @Test
    void latexEscapesWhatTexWouldReadAsCommands() {
        String tex = Table1.render(ROWS, Table1.Format.LATEX);
        assertTrue(tex.startsWith("\\begin{table}"), tex);
        assertTrue(tex.contains("Partially Frozen VGG16 (30\\%) CLAHE SMOTE & vgg16 & partial & clahe+smote & 42 & "
                + "0.9123"), tex);
        assertTrue(tex.contains("\\end{tabular}"), tex);
        assertEquals(2 + 1, tex.lines().filter(l -> l.endsWith("\\\\")).count(), "header and two runs");
    }

    @Test
    void aCellOfSeveralEvaluatedSeedsGetsALineOfMeanDeviationAndInterval() {
        List<ResultRow> seeds = List.of(
                new ResultRow("a", "COMPLETED", "vgg16", "none", "raw", 1L, 0.9, 0.8, 0.70, 0.6, 0.6, 0.6),
                new ResultRow("b", "COMPLETED", "vgg16", "none", "raw", 2L, 0.9, 0.8, 0.72, 0.6, 0.6, 0.6),
                new ResultRow("e", "COMPLETED", "vgg16", "none", "clahe+smote", 1L, 0.9, 0.8, 0.79, 0.7, 0.7, 0.7),
                // A seed added later by a completion: listed with its cell.
                new ResultRow("c", "COMPLETED", "vgg16", "none", "raw", 3L, 0.9, 0.8, 0.74, 0.6, 0.6, 0.6),
                new ResultRow("d", "FAILED", "vgg16", "none", "raw", 4L, null, null, null, null, null, null));
        List<String> csv = Table1.render(seeds, Table1.Format.CSV).lines().toList();
        assertEquals(1 + 5 + 1, csv.size(), "one summary line, after the raw cell's runs; none for a single seed");
        assertTrue(csv.get(3).startsWith("VGG16,vgg16,none,raw,3,"), "the later seed joins its cell: " + csv);
        assertTrue(csv.get(6).startsWith("VGG16 CLAHE SMOTE,"), csv.toString());
        // Test accuracy 0.70, 0.72, 0.74: mean 0.72, sd 0.02, t(0.975, 2) interval 0.72 -+ 0.0497.
        assertEquals("VGG16 (mean of 3),vgg16,none,raw,n=3,\"0.9000 ± 0.0000 [0.9000, 0.9000]\","
                + "\"0.8000 ± 0.0000 [0.8000, 0.8000]\",\"0.7200 ± 0.0200 [0.6703, 0.7697]\","
                + "\"0.6000 ± 0.0000 [0.6000, 0.6000]\",\"0.6000 ± 0.0000 [0.6000, 0.6000]\","
                + "\"0.6000 ± 0.0000 [0.6000, 0.6000]\",SUMMARY", csv.get(5));
        assertTrue(Table1.render(seeds, Table1.Format.LATEX).contains("0.7200 $\\pm$ 0.0200 [0.6703, 0.7697]"));
        assertTrue(Table1.render(seeds, Table1.Format.MARKDOWN).contains("| n=3 |"));
        List<Table1.CellSummary> cells = Table1.cells(seeds);
        assertEquals(2, cells.size());
        assertEquals(3, cells.get(0).runs());
        assertEquals(0.72, cells.get(0).testAccuracy().mean(), 1e-12);
        assertEquals(0.6703, cells.get(0).testAccuracy().low(), 1e-4);
        assertEquals(1, cells.get(1).runs());
    }

    @Test
    void formatsAreParsedByNameOrExtensionAndOthersRefusedNamingTheField() {
        assertEquals(Table1.Format.MARKDOWN, Table1.Format.parse("md"));
        assertEquals(Table1.Format.LATEX, Table1.Format.parse("LaTeX"));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Table1.Format.parse("pdf"));
        assertEquals("format", e.errors().get(0).field());
    }
}
