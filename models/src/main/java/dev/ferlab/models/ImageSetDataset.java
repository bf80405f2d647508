package dev.ferlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.util.Progress;
import dev.ferlab.common.models.Normalization;
import dev.ferlab.common.shards.ImageSet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Serves an in-memory {@link ImageSet} as DJL batches: pixels scaled to [0, 1] in NCHW, labels as floats.
 * Each pass over the data draws a new order from the seed when shuffling, so runs are reproducible.
 */
public final class ImageSetDataset implements Dataset {
    private final ImageSet images;
    private final int batchSize;
    private final boolean shuffle;
    private final int maxBatches;
    private final int inputChannels;
    private final long seed;
    private int pass;
    private int skipInNextPass;
    private int position;
    private Runnable gate = () -> { };
    /** One batch of floats, reused: each batch's tensors are copied out of it into the engine's own memory. */
    private ByteBuffer staging;
    /** Per channel, or null for none: converted once here, not for every batch. */
    private float[] mean;
    private float[] std;

    /**
     * @param maxBatches    stop each pass after this many batches; 0 for all (the tiny-run switch)
     * @param inputChannels channels the network takes; a one-channel image is repeated to fill them
     */
    public ImageSetDataset(ImageSet images, int batchSize, boolean shuffle, long seed, int maxBatches,
            int inputChannels) {
        if (inputChannels != images.channels() && images.channels() != 1) {
            throw new IllegalArgumentException("images have " + images.channels() + " channels, the network takes "
                    + inputChannels);
        }
        this.inputChannels = inputChannels;
        this.images = images;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.maxBatches = maxBatches;
        this.seed = seed;
    }

    /**
     * Normalizes each channel after scaling to [0, 1] (and after a gray image is repeated to three channels), as the
     * pretrained weights a run starts from expect; null keeps pixels in [0, 1].
     */
    public ImageSetDataset normalized(Normalization normalization) {
        if (normalization != null && normalization.channels() != inputChannels) {
            throw new IllegalArgumentException("the weights' normalization has " + normalization.channels()
                    + " channels, the network takes " + inputChannels);
        }
        this.mean = normalization == null ? null : floats(normalization.mean());
        this.std = normalization == null ? null : floats(normalization.std());
        return this;
    }

    /**
     * Skips the first {@code passes} passes' orders, so that a run resumed after that many epochs sees the same
     * orders as one that never stopped.
     */
    public ImageSetDataset startAtPass(int passes) {
        this.pass = passes;
        return this;
    }

    /**
     * Starts the next pass at batch {@code batches} instead of 0 (a run resumed from a checkpoint taken inside an
     * epoch); later passes are whole again.
     */
    public ImageSetDataset skipInNextPass(int batches) {
        this.skipInNextPass = batches;
        return this;
    }

    /**
     * Runs {@code gate} before every batch is handed out. DJL asks for batch n + 1 only after the optimiser step of
     * batch n, so an exception thrown here stops training exactly between two steps.
     */
    public ImageSetDataset beforeEachBatch(Runnable gate) {
        this.gate = gate;
        return this;
    }

    /** Batches of the current pass handed out so far (skipped ones included): where a resumed run goes on. */
    public int position() {
        return position;
    }

    /** Batches in one pass. */
    public int batchCount() {
        int all = (images.count() + batchSize - 1) / batchSize;
        return maxBatches > 0 ? Math.min(all, maxBatches) : all;
    }

    /** Images in one pass. */
    public int imageCount() {
        return Math.min(images.count(), batchCount() * batchSize);
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        int[] order = order();
        int batches = batchCount();
        int first = Math.min(skipInNextPass, batches);
        skipInNextPass = 0;
        position = first;
        return () -> new Iterator<>() {
            private int next = first;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                gate.run();
                position = next + 1;
                int from = next++ * batchSize;
                int to = Math.min(order.length, from + batchSize);
                return batch(manager.newSubManager(), order, from, to, next, batches);
            }
        };
    }

    private int[] order() {
        int[] order = new int[images.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            // Each pass draws from its own seed: the order of pass n does not depend on the passes before it.
            Random random = new Random(seed * 1_000_003L + pass++);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private Batch batch(NDManager manager, int[] order, int from, int to, long progress, long total) {
        int n = to - from;
        int size = images.imageBytes();
        byte[] px = images.pixels();
        float[] labels = new float[n];
        List<Integer> indices = new ArrayList<>(n);
        FloatBuffer data = staging(n * size);
        for (int i = 0; i < n; i++) {
            int index = order[from + i];
            indices.add(index);
            labels[i] = images.label(index);
            int offset = index * size;
            for (int j = 0; j < size; j++) {
                data.put((px[offset + j] & 0xFF) / 255f);
            }
        }
        // Shards store channel-last; with one channel that is already NCHW. Several channels are transposed.
        NDArray x = engineOwned(manager, new Shape(n, images.height(), images.width(), images.channels()));
        x = images.channels() == 1 ? x.reshape(n, 1, images.height(), images.width()) : x.transpose(0, 3, 1, 2);
        if (inputChannels > images.channels()) {
            x = x.repeat(1, inputChannels);
        }
        if (mean != null) {
            Shape perChannel = new Shape(1, inputChannels, 1, 1);
            x = x.sub(manager.create(mean, perChannel)).div(manager.create(std, perChannel));
        }
        staging(n).put(labels);
        NDArray y = engineOwned(manager, new Shape(n));
        return new Batch(manager, new NDList(x), new NDList(y), n, null, null, progress, total, indices);
    }

    /** The staging buffer, cleared, as {@code floats} floats to fill. */
    private FloatBuffer staging(int floats) {
        if (staging == null || staging.capacity() < floats * Float.BYTES) {
            staging = ByteBuffer.allocateDirect(Math.max(floats, batchSize * images.imageBytes()) * Float.BYTES)
                    .order(ByteOrder.nativeOrder());
        }
        staging.clear().limit(floats * Float.BYTES);
        return staging.asFloatBuffer();
    }

    /**
     * A copy of the staged floats in the engine's own memory, as a tensor made by the engine is. DJL's
     * {@code create(float[])} would wrap a new direct buffer of each batch instead, which the JVM frees only when it
     * next collects: a long epoch would hold many of them, and take fresh pages for every batch.
     */
    private NDArray engineOwned(NDManager manager, Shape shape) {
        try (NDArray view = manager.create(staging, shape, DataType.FLOAT32)) {
            return view.duplicate();
        }
    }

    @Override
    public void prepare(Progress progress) {
        // Everything is in memory already.
    }

    private static float[] floats(List<Float> values) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
