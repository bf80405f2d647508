package dev.ferlab.models;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the memory PyTorch has freed back to the system once a model is closed. The trainer and evaluator run with
 * glibc keeping freed memory in its heap ({@code MALLOC_MMAP_MAX_=0}, a 4 GiB trim threshold), so that each batch
 * reuses the last one's pages instead of faulting them in again (README, "Containers"); between runs that memory
 * is idle, and a VGG16 run left 1.0 to 1.3 GB of it per process, enough to push the 27-run grid's machine into
 * the OOM killer. {@code malloc_trim(0)} returns it, in about 85 ms. JNA comes with DJL's API.
 */
public final class NativeMemory {
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
    private static final Optional<GlibcMalloc> MALLOC = load();

    interface GlibcMalloc extends Library {
        int malloc_trim(long pad);

        int mallopt(int param, int value);
    }

    private NativeMemory() {
    }

    /**
     * Returns freed native memory to the system where the C library is glibc; a no-op elsewhere (musl, macOS).
     *
     * @return the drop in resident memory, in bytes (0 where nothing could be returned or measured)
     */
    public static long release() {
        if (MALLOC.isEmpty()) {
            return 0;
        }
        long before = residentBytes();
        MALLOC.get().malloc_trim(0);
        return Math.max(0, before - residentBytes());
    }

    /** {@link #release()} after a model of {@code what} is closed, logging what went back when anything did. */
    public static void releaseAfter(String what) {
        long freed = release();
        if (freed > 0) {
            LOG.info("{}: returned {} MB of freed native memory to the system", what, freed >> 20);
        }
    }

    /** Whether {@link #release()} can return memory here: glibc's allocator is in the process. */
    public static boolean supported() {
        return MALLOC.isPresent();
    }

    /** glibc's {@code mallopt}, for tests that set what the services' environment sets; false where unsupported. */
    static boolean mallopt(int param, int value) {
        return MALLOC.map(m -> m.mallopt(param, value) == 1).orElse(false);
    }

    /** The process's resident set, from {@code /proc/self/status}; 0 where there is none. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: nothing to measure.
        }
        return 0;
    }

    private static Optional<GlibcMalloc> load() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.empty();
        }
        try {
            NativeLibrary.getInstance("c").getFunction("malloc_trim"); // musl and others lack it
            return Optional.of(Native.load("c", GlibcMalloc.class));
        } catch (UnsatisfiedLinkError | RuntimeException notGlibc) {
            return Optional.empty();
        }
    }
}
