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
}
