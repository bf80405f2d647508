package dev.ferlab.models;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Engine set-up every DJL-using service does first. */
public final class Engines {
    private Engines() {
    }

    /**
     * Keeps DJL from downloading anything: the natives come from the classpath (CPU) or from the host's own cache
     * (GPU). A user may still set {@code ai.djl.offline=false} explicitly.
     */
    public static void preferOffline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    /**
     * Limits PyTorch to {@code threads} intra-op threads (and one inter-op thread); 0 keeps the engine's default,
     * all cores. Takes effect only before the engine loads, so a service calls it first. Several engines on few
     * cores want this: OpenMP threads that outnumber the cores spin against each other.
     */
    public static void limitThreads(int threads) {
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** The GPU when the engine sees one, the CPU otherwise. */
    public static Device device() {
        preferOffline();
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
}
