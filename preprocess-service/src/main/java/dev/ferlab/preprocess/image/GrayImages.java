package dev.ferlab.preprocess.image;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Decoding and resizing with OpenCV, as the study did: any encoded image becomes 8-bit grayscale, square, of the
 * target size. Shrinking uses area interpolation, enlarging bilinear (OpenCV's recommendations for each).
 */
public final class GrayImages {
    private GrayImages() {
    }

    /** @return the image as {@code size*size} gray bytes, or null when the bytes are not a decodable image */
    public static byte[] decode(byte[] encoded, int size) {
        OpenCv.load();
        Mat gray = Imgcodecs.imdecode(new MatOfByte(encoded), Imgcodecs.IMREAD_GRAYSCALE);
        try {
            if (gray.empty()) {
                return null;
            }
            return resized(gray, size);
        } finally {
            gray.release();
        }
    }

    /** Resizes a row-major gray image of {@code width x height}. */
    public static byte[] resize(byte[] gray, int width, int height, int size) {
        if (width == size && height == size) {
            return gray.clone();
        }
        OpenCv.load();
        Mat m = new Mat(height, width, CvType.CV_8UC1);
        try {
            m.put(0, 0, gray);
            return resized(m, size);
        } finally {
            m.release();
        }
    }

    private static byte[] resized(Mat gray, int size) {
        Mat out = new Mat();
        try {
            int interpolation = gray.rows() > size || gray.cols() > size ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
            if (gray.rows() == size && gray.cols() == size) {
                gray.copyTo(out);
            } else {
                Imgproc.resize(gray, out, new Size(size, size), 0, 0, interpolation);
            }
            byte[] pixels = new byte[size * size];
            out.get(0, 0, pixels);
            return pixels;
        } finally {
            out.release();
        }
    }
}
