package dev.ferlab.gateway.grid.service;

import dev.ferlab.common.spec.ModelArchitecture;
import dev.ferlab.common.spec.NamedOption;
import dev.ferlab.common.spec.PreprocessingVariant;
import dev.ferlab.common.spec.TransferMode;
import dev.ferlab.common.spec.FieldError;
import dev.ferlab.common.spec.InvalidSpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A grid's results as the study's Table 1 ("Prediction results"): one line per run, named the way the study names
 * it ("Partially Frozen VGG16 (30%) CLAHE SMOTE"), with training, validation and testing accuracy and the test
 * split's macro precision, recall and F1, in CSV, Markdown or LaTeX.
 */
public final class Table1 {
    /** The export formats; {@code id} is what {@code ?format=} takes. */
    public enum Format {
        CSV("csv", "text/csv", "csv"),
        MARKDOWN("markdown", "text/markdown", "md"),
        LATEX("latex", "application/x-latex", "tex");

        public final String id;
        public final String mediaType;
        public final String extension;

        Format(String id, String mediaType, String extension) {
            this.id = id;
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public static Format parse(String value) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            for (Format f : values()) {
                if (f.id.equals(v) || f.extension.equals(v)) {
                    return f;
                }
            }
            throw new InvalidSpecException(List.of(new FieldError("format", "unknown format '" + value
                    + "'; expected csv, markdown or latex")));
        }
    }

    static final List<String> HEADER = List.of("Run", "Model", "Transfer", "Preprocessing", "Seed",
            "Training Accuracy", "Validation Accuracy", "Testing Accuracy", "Precision", "Recall", "F1", "Status");

    private Table1() {
    }

    /**
     * One line per run; after the runs of a cell (model, transfer mode, preprocessing) with two or more evaluated
     * seeds, a line of their mean, sample standard deviation and Student's t 95% interval of the mean, each metric
     * as {@code mean ± sd [low, high]}, its seed column {@code n=K}.
     */
    public static String render(List<ResultRow> given, Format format) {
        List<List<String>> cells = new ArrayList<>();
        for (List<ResultRow> cell : byCell(given)) {
            for (ResultRow r : cell) {
                cells.add(List.of(runName(r.model(), r.transferMode(), r.preprocessing()), r.model(),
                        r.transferMode(), r.preprocessing(), r.seed() == null ? "" : r.seed().toString(),
                        number(r.trainAccuracy()), number(r.validationAccuracy()), number(r.testAccuracy()),
                        number(r.precision()), number(r.recall()), number(r.f1()), r.status()));
            }
            List<ResultRow> evaluated = evaluated(cell);
            if (evaluated.size() >= 2) {
                ResultRow r = cell.get(0);
                cells.add(List.of(runName(r.model(), r.transferMode(), r.preprocessing()) + " (mean of "
                                + evaluated.size() + ")", r.model(), r.transferMode(), r.preprocessing(),
                        "n=" + evaluated.size(), summary(evaluated, ResultRow::trainAccuracy),
                        summary(evaluated, ResultRow::validationAccuracy), summary(evaluated, ResultRow::testAccuracy),
                        summary(evaluated, ResultRow::precision), summary(evaluated, ResultRow::recall),
                        summary(evaluated, ResultRow::f1), "SUMMARY"));
            }
        }
        return switch (format) {
            case CSV -> csv(cells);
            case MARKDOWN -> markdown(cells);
            case LATEX -> latex(cells);
        };
    }

    /** The study's name for a run: "ResNet50", "Partially Frozen ResNet50 (30%) Undersampling", ... */
    static String runName(String model, String transferMode, String preprocessing) {
        String network = NamedOption.byId(ModelArchitecture.class, model).map(ModelArchitecture::studyName)
                .orElse(model);
        String name = NamedOption.byId(TransferMode.class, transferMode).map(m -> m.studyName(network))
                .orElse(network);
        String variant = NamedOption.byId(PreprocessingVariant.class, preprocessing)
                .map(PreprocessingVariant::studyName).orElse(preprocessing);
        return variant.isEmpty() ? name : name + " " + variant;
    }

    /** A cell's evaluated runs (seeds, folds) summarised: test accuracy and macro F1 as mean, sd and 95% interval. */
    public record CellSummary(String model, String transferMode, String preprocessing, int runs,
            dev.ferlab.gateway.comparison.service.Statistics.Summary testAccuracy,
            dev.ferlab.gateway.comparison.service.Statistics.Summary f1) {
    }

    /** Every cell with at least one evaluated run, in the order cells first appear. */
    public static List<CellSummary> cells(List<ResultRow> rows) {
        List<CellSummary> out = new ArrayList<>();
        for (List<ResultRow> all : byCell(rows)) {
            List<ResultRow> cell = evaluated(all);
            if (cell.isEmpty()) {
                continue;
            }
            ResultRow first = cell.get(0);
            out.add(new CellSummary(first.model(), first.transferMode(), first.preprocessing(), cell.size(),
                    dev.ferlab.gateway.comparison.service.Statistics.summarize(cell.stream()
                            .map(ResultRow::testAccuracy).toList()),
                    cell.stream().anyMatch(r -> r.f1() == null) ? null
                            : dev.ferlab.gateway.comparison.service.Statistics.summarize(cell.stream()
                                    .map(ResultRow::f1).toList())));
        }
        return out;
    }

    /**
     * The runs of each cell (model, transfer mode, preprocessing) together, cells in the order they first appear: a
     * completed grid's later seeds and folds join theirs. The one grouping that Table 1 and the cell summaries share.
     */
    private static java.util.Collection<List<ResultRow>> byCell(List<ResultRow> rows) {
        java.util.Map<String, List<ResultRow>> byCell = new java.util.LinkedHashMap<>();
        for (ResultRow r : rows) {
            byCell.computeIfAbsent(r.model() + "|" + r.transferMode() + "|" + r.preprocessing(),
                    k -> new ArrayList<>()).add(r);
        }
        return byCell.values();
    }

    /** The runs with a test result: those a cell's summary is made of. */
    private static List<ResultRow> evaluated(List<ResultRow> cell) {
        return cell.stream().filter(r -> r.testAccuracy() != null).toList();
    }

    private static String summary(List<ResultRow> cell, java.util.function.Function<ResultRow, Double> metric) {
        List<Double> values = cell.stream().map(metric).filter(java.util.Objects::nonNull).toList();
        if (values.size() < 2) {
            return "";
        }
        dev.ferlab.gateway.comparison.service.Statistics.Summary s =
                dev.ferlab.gateway.comparison.service.Statistics.summarize(values);
        return String.format(Locale.ROOT, "%.4f ± %.4f [%.4f, %.4f]", s.mean(), s.sd(), s.low(), s.high());
    }

    private static String number(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String csv(List<List<String>> rows) {
        StringBuilder out = new StringBuilder(csvLine(HEADER));
        rows.forEach(r -> out.append(csvLine(r)));
        return out.toString();
    }

    private static String csvLine(List<String> cells) {
        List<String> quoted = new ArrayList<>();
        for (String c : cells) {
            quoted.add(c.contains(",") || c.contains("\"") || c.contains("\n")
                    ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        return String.join(",", quoted) + "\n";
    }

    private static String markdown(List<List<String>> rows) {
        StringBuilder out = new StringBuilder(mdLine(HEADER));
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < HEADER.size(); i++) {
            rule.add(i >= 5 && i <= 10 ? "---:" : "---");
        }
        out.append("| ").append(String.join(" | ", rule)).append(" |\n");
        rows.forEach(r -> out.append(mdLine(r.stream().map(c -> c.isEmpty() ? "–" : c).toList())));
        return out.toString();
    }

    private static String mdLine(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |\n";
    }

    private static String latex(List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        out.append("\\begin{table}[ht]\n\\centering\n\\caption{Prediction results}\n");
        out.append("\\begin{tabular}{lllllrrrrrrl}\n\\hline\n");
        out.append(String.join(" & ", HEADER.stream().map(Table1::tex).toList())).append(" \\\\\n\\hline\n");
        for (List<String> r : rows) {
            out.append(String.join(" & ", r.stream().map(c -> c.isEmpty() ? "--" : tex(c)).toList()))
                    .append(" \\\\\n");
        }
        out.append("\\hline\n\\end{tabular}\n\\end{table}\n");
        return out.toString();
    }

    private static String tex(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> b.append('\\').append(c);
                case '~' -> b.append("\\textasciitilde{}");
                case '^' -> b.append("\\textasciicircum{}");
                case '±' -> b.append("$\\pm$");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
