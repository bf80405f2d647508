package dev.ferlab.preprocess.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Converts any decoded image to a square 8-bit grayscale image of the target size (bilinear). */
public final class GrayscaleResizer {
    private GrayscaleResizer() {
    }

    public static byte[] toGray(BufferedImage source, int size) {
        BufferedImage gray = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, size, size, null);
        } finally {
            g.dispose();
        }
        return ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
    }
}
