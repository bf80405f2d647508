package dev.ferlab.common.shards;

/**
 * A split held in memory as raw uint8: {@code count} images of {@code height*width*channels} bytes back to back,
 * and one label each. About 9 KB an image at 96x96, so even large splits stay small next to float tensors.
 */
public record ImageSet(byte[] pixels, byte[] labels, int count, int height, int width, int channels) {

    public int imageBytes() {
        return height * width * channels;
    }

    public int label(int index) {
        return labels[index] & 0xFF;
    }

    /** The images of {@code parts} one after another (all of one size). */
    public static ImageSet concat(java.util.List<ImageSet> parts) {
        ImageSet first = parts.get(0);
        int count = parts.stream().mapToInt(ImageSet::count).sum();
        byte[] pixels = new byte[count * first.imageBytes()];
        byte[] labels = new byte[count];
        int at = 0;
        for (ImageSet p : parts) {
            if (p.height != first.height || p.width != first.width || p.channels != first.channels) {
                throw new IllegalArgumentException("image sets of different sizes cannot be joined");
            }
            System.arraycopy(p.pixels, 0, pixels, at * first.imageBytes(), p.count * p.imageBytes());
            System.arraycopy(p.labels, 0, labels, at, p.count);
            at += p.count;
        }
        return new ImageSet(pixels, labels, count, first.height, first.width, first.channels);
    }
}
