package dev.ferlab.models;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_MAX = -4;
    private static final long MB = 1 << 20;

    @Test
    void memoryPyTorchFreedGoesBackToTheSystem() {
        // This machine's CI is Linux with glibc, like every image the services ship in.
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "glibc's allocator is Linux's");
        assertTrue(NativeMemory.supported(), "glibc's malloc_trim should be found in this JVM");
        // What the trainer's and evaluator's environment sets: freed memory stays in the heap.
        assertTrue(NativeMemory.mallopt(M_MMAP_MAX, 0));
        assertTrue(NativeMemory.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE));
        try (NDManager engineLoads = NDManager.newBaseManager()) {
            engineLoads.ones(new Shape(1));
        }
        // Tests before this one in the JVM leave freed memory behind, which the tensors below would reuse.
        NativeMemory.release();
        long base = NativeMemory.residentBytes();
        try (NDManager manager = NDManager.newBaseManager()) {
            List<NDArray> arrays = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                arrays.add(manager.ones(new Shape(1 << 20))); // 4 MiB each, written, so resident
            }
            arrays.forEach(NDArray::close);
        }
        long held = NativeMemory.residentBytes();
        assertTrue(held - base > 300 * MB, "closing 400 MiB of tensors should leave them held by glibc, held "
                + (held - base) / MB + " MB");
        long released = NativeMemory.release();
        long after = NativeMemory.residentBytes();
        assertTrue(released > 300 * MB && after - base < 100 * MB, "release() should return the freed 400 MiB: "
                + "returned " + released / MB + " MB, " + (after - base) / MB + " MB above the start remain");
    }
}
