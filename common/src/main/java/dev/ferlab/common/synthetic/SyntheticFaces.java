package dev.ferlab.common.synthetic;

import dev.ferlab.common.labels.EmotionLabel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws synthetic grayscale faces whose mouth, eyes and brows follow the expression, with jitter in position,
 * size, rotation, brightness and pixel noise. Deterministic: the same (label, index, seed) gives the same image.
 * The demo trains on these, so ferlab ships a generator and never real face images.
 */
public final class SyntheticFaces {
    /** Images per class of the built-in dataset: about the size of CK+48. */
    public static final int DEFAULT_PER_CLASS = 120;
    /** Drawn at the study's input size; the preprocessor resizes as the spec asks. */
    public static final int SIZE = 96;
    private static final int CANVAS = 96;

    private SyntheticFaces() {
    }

    /** The {@code index}-th face of {@code label} for {@code seed}, as a {@link #SIZE}-square gray image. */
    public static BufferedImage render(EmotionLabel label, int index, long seed) {
        Random rnd = new Random(seed * 1_000_003L + label.ordinal() * 7_919L + index);
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(gray(40 + rnd.nextInt(50)));
            g.fillRect(0, 0, SIZE, SIZE);
            double scale = SIZE / (double) CANVAS * (0.9 + 0.2 * rnd.nextDouble());
            g.translate(SIZE / 2.0 + jitter(rnd, 4), SIZE / 2.0 + jitter(rnd, 4));
            g.rotate(Math.toRadians(jitter(rnd, 8)));
            g.scale(scale, scale);
            g.translate(-CANVAS / 2.0, -CANVAS / 2.0);
            int skin = 150 + rnd.nextInt(60);
            g.setColor(gray(skin));
            g.fill(new Ellipse2D.Double(18 + jitter(rnd, 2), 10 + jitter(rnd, 2), 60, 76));
            drawFeatures(g, label, rnd, skin);
        } finally {
            g.dispose();
        }
        addNoise(img, rnd, 6 + rnd.nextInt(6));
        return img;
    }

    /** Writes {@code perClass} faces of each of the eight classes as PNGs in one folder per class. */
    public static void writeDataset(Path root, int perClass, long seed) throws IOException {
        for (EmotionLabel label : EmotionLabel.values()) {
            Path dir = Files.createDirectories(root.resolve(label.canonical()));
            for (int i = 0; i < perClass; i++) {
                ImageIO.write(render(label, i, seed), "png", dir.resolve(String.format("%04d.png", i)).toFile());
            }
        }
    }

    private static void drawFeatures(Graphics2D g, EmotionLabel label, Random rnd, int skin) {
        Color dark = gray(Math.max(0, skin - 120 - rnd.nextInt(20)));
        g.setColor(dark);
        double eyeY = 40 + jitter(rnd, 1.5);
        double eyeW = 9;
        double eyeH = switch (label) {
            case SURPRISE, FEAR -> 9;
            case ANGER, DISGUST -> 3;
            case HAPPINESS -> 4;
            default -> 5.5;
        };
        for (double x : new double[] {37, 59}) {
            g.fill(new Ellipse2D.Double(x - eyeW / 2 + jitter(rnd, 1), eyeY - eyeH / 2, eyeW, eyeH));
        }
        // Brows: offsets of the inner and outer ends from a resting line; the expression lives in their slope.
        double browY = 31 + jitter(rnd, 1.5);
        double[] inner = new double[2];
        double[] outer = new double[2];
        switch (label) {
            case ANGER -> fill(inner, 5, outer, -2);
            case SADNESS -> fill(inner, -5, outer, 2);
            case SURPRISE -> fill(inner, -7, outer, -7);
            case FEAR -> fill(inner, -6, outer, -3);
            case DISGUST -> fill(inner, 3, outer, 0);
            case CONTEMPT -> {
                inner[0] = 0;
                outer[0] = 0;
                inner[1] = -4;
                outer[1] = -6;
            }
            default -> fill(inner, 0, outer, 0);
        }
        g.setStroke(new BasicStroke(2.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(28, browY + outer[0], 43, browY + inner[0]));
        g.draw(new Line2D.Double(53, browY + inner[1], 68, browY + outer[1]));
        // Nose, with wrinkles for disgust.
        g.setStroke(new BasicStroke(1.5f));
        g.draw(new Line2D.Double(48, 46, 46, 57));
        if (label == EmotionLabel.DISGUST) {
            g.draw(new Line2D.Double(41, 52, 45, 55));
            g.draw(new Line2D.Double(55, 52, 51, 55));
        }
        drawMouth(g, label, rnd);
    }

    private static void drawMouth(Graphics2D g, EmotionLabel label, Random rnd) {
        double y = 69 + jitter(rnd, 1.5);
        double half = 11 + jitter(rnd, 1.5);
        double cx = 48 + jitter(rnd, 1);
        g.setStroke(new BasicStroke(2.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        switch (label) {
            case HAPPINESS -> g.draw(new QuadCurve2D.Double(cx - half - 2, y - 3, cx, y + 12, cx + half + 2, y - 3));
            case SADNESS -> g.draw(new QuadCurve2D.Double(cx - half, y + 4, cx, y - 8, cx + half, y + 4));
            case SURPRISE -> g.fill(new Ellipse2D.Double(cx - 6, y - 7, 12, 15));
            case FEAR -> {
                Path2D p = new Path2D.Double();
                p.moveTo(cx - half - 2, y + 3);
                p.quadTo(cx, y - 5, cx + half + 2, y + 3);
                p.quadTo(cx, y + 7, cx - half - 2, y + 3);
                g.fill(p);
            }
            case ANGER -> {
                g.setStroke(new BasicStroke(4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
                g.draw(new Line2D.Double(cx - half + 3, y + 1, cx + half - 3, y + 1));
            }
            case DISGUST -> {
                Path2D p = new Path2D.Double();
                p.moveTo(cx - half, y + 2);
                p.lineTo(cx - half / 2, y - 3);
                p.lineTo(cx, y + 1);
                p.lineTo(cx + half / 2, y - 3);
                p.lineTo(cx + half, y + 2);
                g.draw(p);
            }
            case CONTEMPT -> {
                Path2D p = new Path2D.Double();
                p.moveTo(cx - half, y + 1);
                p.lineTo(cx + half / 2, y + 1);
                p.quadTo(cx + half, y, cx + half + 2, y - 6);
                g.draw(p);
            }
            case NEUTRAL -> {
                g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Line2D.Double(cx - half + 2, y, cx + half - 2, y));
            }
        }
    }

    private static void fill(double[] inner, double innerDy, double[] outer, double outerDy) {
        inner[0] = innerDy;
        inner[1] = innerDy;
        outer[0] = outerDy;
        outer[1] = outerDy;
    }

    private static void addNoise(BufferedImage img, Random rnd, double sigma) {
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            int v = (px[i] & 0xFF) + (int) Math.round(rnd.nextGaussian() * sigma);
            px[i] = (byte) Math.max(0, Math.min(255, v));
        }
    }

    private static double jitter(Random rnd, double amplitude) {
        return (rnd.nextDouble() * 2 - 1) * amplitude;
    }

    private static Color gray(int v) {
        return new Color(v, v, v);
    }
}
