package dev.ferlab.preprocess.image;

/**
 * Loads OpenCV's native library once per JVM (a native library cannot be loaded by two class loaders, so nothing
 * else in ferlab loads it).
 */
public final class OpenCv {
    private static boolean loaded;

    private OpenCv() {
    }

    public static synchronized void load() {
        if (!loaded) {
            nu.pattern.OpenCV.loadLocally();
            loaded = true;
        }
    }
}
