package dev.ferlab.preprocess.image;

/**
 * Loads OpenCV's native library once per JVM (a native library cannot be loaded by two class loaders, so nothing
 * else in ferlab loads it). Every decode calls {@link #load}, on every core at once: once loaded, it takes no lock.
 */
public final class OpenCv {
    private static volatile boolean loaded;

    private OpenCv() {
    }

    public static void load() {
        if (!loaded) {
            synchronized (OpenCv.class) {
                if (!loaded) {
                    nu.pattern.OpenCV.loadLocally();
                    loaded = true;
                }
            }
        }
    }
}
