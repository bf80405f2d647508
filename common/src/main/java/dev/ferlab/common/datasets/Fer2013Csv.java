package dev.ferlab.common.datasets;

import dev.ferlab.common.labels.EmotionLabel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Reads FER2013-style CSV ({@code emotion,pixels,Usage}: a label number, 48x48 space-separated gray values, and
 * Training / PublicTest / PrivateTest). A bad row is reported with its line number and what is wrong.
 */
public final class Fer2013Csv {
    public static final int SIDE = 48;
    /** FER2013's label numbers, in order. */
    public static final List<EmotionLabel> LABELS = List.of(EmotionLabel.ANGER, EmotionLabel.DISGUST,
            EmotionLabel.FEAR, EmotionLabel.HAPPINESS, EmotionLabel.SADNESS, EmotionLabel.SURPRISE,
            EmotionLabel.NEUTRAL);

    /** One usable row. {@code usage} is "Training", "PublicTest", "PrivateTest" or empty. */
    public record Row(int line, EmotionLabel label, byte[] pixels, String usage) {
    }

    /** Receives each row, or the problem with it. */
    public interface Visitor {
        void row(Row row) throws IOException;

        void problem(DatasetManifest.Problem problem) throws IOException;
    }

    private Fer2013Csv() {
    }

    public static void read(InputStream in, Visitor visitor) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null || !header.trim().toLowerCase().startsWith("emotion,pixels")) {
            throw new IOException("not a FER2013 CSV: the first line must be 'emotion,pixels,Usage', got '"
                    + (header == null ? "" : header.substring(0, Math.min(60, header.length()))) + "'");
        }
        String text;
        int line = 1;
        while ((text = reader.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            Optional<String> error = parse(line, text, visitor);
            if (error.isPresent()) {
                visitor.problem(new DatasetManifest.Problem("line " + line, error.get()));
            }
        }
    }

    private static Optional<String> parse(int line, String text, Visitor visitor) throws IOException {
        String[] cells = text.split(",", -1);
        if (cells.length < 2 || cells.length > 3) {
            return Optional.of(cells.length + " columns, expected 2 or 3 (emotion,pixels,Usage)");
        }
        int number;
        try {
            number = Integer.parseInt(cells[0].trim());
        } catch (NumberFormatException e) {
            return Optional.of("emotion '" + cells[0].trim() + "' is not a number 0-6");
        }
        if (number < 0 || number >= LABELS.size()) {
            return Optional.of("emotion " + number + " is not a FER2013 label (0-6)");
        }
        String[] values = cells[1].trim().split("\\s+");
        if (values.length != SIDE * SIDE) {
            return Optional.of(values.length + " pixel values, expected " + SIDE * SIDE + " (48x48)");
        }
        byte[] pixels = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int v;
            try {
                v = Integer.parseInt(values[i]);
            } catch (NumberFormatException e) {
                return Optional.of("pixel " + i + " ('" + values[i] + "') is not a number");
            }
            if (v < 0 || v > 255) {
                return Optional.of("pixel " + i + " is " + v + ", outside 0-255");
            }
            pixels[i] = (byte) v;
        }
        visitor.row(new Row(line, LABELS.get(number), pixels, cells.length == 3 ? cells[2].trim() : ""));
        return Optional.empty();
    }
}
