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
    void formatsAreParsedByNameOrExtensionAndOthersRefusedNamingTheField() {
        assertEquals(Table1.Format.MARKDOWN, Table1.Format.parse("md"));
        assertEquals(Table1.Format.LATEX, Table1.Format.parse("LaTeX"));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> Table1.Format.parse("pdf"));
        assertEquals("format", e.errors().get(0).field());
    }
}
