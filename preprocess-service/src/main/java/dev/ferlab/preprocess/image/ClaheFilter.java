package dev.ferlab.preprocess.image;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.CLAHE;
import org.opencv.imgproc.Imgproc;

/**
 * OpenCV's CLAHE over square gray images of one size. Not thread-safe (it reuses its buffers): one per thread.
 */
public final class ClaheFilter implements AutoCloseable {
    private final CLAHE clahe;
    private final Mat source;
    private final Mat target;
    private final int size;

    public ClaheFilter(double clipLimit, int tileGrid, int size) {
        // Before any Mat: a field initialiser would run first, and fail when nothing has loaded OpenCV yet (the
        // synthetic faces are drawn without it, so CLAHE can be the first OpenCV call of a preprocessor).
        OpenCv.load();
        this.target = new Mat();
        this.clahe = Imgproc.createCLAHE(clipLimit, new Size(tileGrid, tileGrid));
        this.source = new Mat(size, size, CvType.CV_8UC1);
        this.size = size;
    }

    public byte[] apply(byte[] gray) {
        if (gray.length != size * size) {
            throw new IllegalArgumentException("image has " + gray.length + " bytes, expected " + size * size);
        }
        source.put(0, 0, gray);
        clahe.apply(source, target);
        byte[] out = new byte[gray.length];
        target.get(0, 0, out);
        return out;
    }

    @Override
    public void close() {
        source.release();
        target.release();
    }
}
