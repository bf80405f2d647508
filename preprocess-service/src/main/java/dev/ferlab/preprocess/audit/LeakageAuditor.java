package dev.ferlab.preprocess.audit;

import dev.ferlab.common.shards.LeakageAudit;
import dev.ferlab.common.shards.Split;
import dev.ferlab.preprocess.dataset.LabeledImage;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audits a split for leakage ({@link LeakageAudit}): exact duplicates by pixel content, near duplicates by a 64-bit
 * difference hash within {@link LeakageAudit#HAMMING_THRESHOLD} bits, and the real images behind synthetic training
 * images. Hash comparisons are pairwise between training and each held-out split, 64-bit popcounts: about 60 million
 * for FER-2013's 28,709 images, a fraction of a second.
 */
public final class LeakageAuditor {
    private LeakageAuditor() {
    }

    /**
     * @param splits              the final splits (training after balancing)
     * @param side                the square images' side
     * @param sourcesOfSynthetics for each synthetic image, the real images it was made from (empty when none were
     *                            made before the split); compared by identity
     */
    public static LeakageAudit audit(Map<Split, List<LabeledImage>> splits, int side,
            Map<LabeledImage, List<LabeledImage>> sourcesOfSynthetics) {
        List<LabeledImage> train = splits.get(Split.TRAIN);
        Set<ByteBuffer> exact = new HashSet<>();
        long[] hashes = new long[train.size()];
        for (int i = 0; i < train.size(); i++) {
            exact.add(ByteBuffer.wrap(train.get(i).pixels()));
            hashes[i] = dHash(train.get(i).pixels(), side);
        }
        Set<LabeledImage> sources = Collections.newSetFromMap(new IdentityHashMap<>());
        for (LabeledImage t : train) {
            sources.addAll(sourcesOfSynthetics.getOrDefault(t, List.of()));
        }
        return new LeakageAudit(LeakageAudit.HAMMING_THRESHOLD,
                split(splits.get(Split.VALIDATION), side, exact, hashes, sources),
                split(splits.get(Split.TEST), side, exact, hashes, sources));
    }

    private static LeakageAudit.SplitLeakage split(List<LabeledImage> held, int side, Set<ByteBuffer> exact,
            long[] train, Set<LabeledImage> sources) {
        int exactCount = 0;
        int near = 0;
        int source = 0;
        for (LabeledImage image : held) {
            if (exact.contains(ByteBuffer.wrap(image.pixels()))) {
                exactCount++;
            }
            long h = dHash(image.pixels(), side);
            for (long t : train) {
                if (Long.bitCount(h ^ t) <= LeakageAudit.HAMMING_THRESHOLD) {
                    near++;
                    break;
                }
            }
            if (sources.contains(image)) {
                source++;
            }
        }
        return new LeakageAudit.SplitLeakage(held.size(), exactCount, near, source);
    }

    /**
     * The difference hash: the image averaged down to 9 x 8 cells, one bit per pair of horizontal neighbours
     * (left brighter than right). Robust to small changes of brightness and noise, unlike a pixel hash.
     */
    static long dHash(byte[] pixels, int side) {
        double[][] cells = new double[8][9];
        for (int r = 0; r < 8; r++) {
            int y0 = r * side / 8;
            int y1 = Math.max(y0 + 1, (r + 1) * side / 8);
            for (int c = 0; c < 9; c++) {
                int x0 = c * side / 9;
                int x1 = Math.max(x0 + 1, (c + 1) * side / 9);
                long sum = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        sum += pixels[y * side + x] & 0xFF;
                    }
                }
                cells[r][c] = (double) sum / ((y1 - y0) * (x1 - x0));
            }
        }
        long bits = 0;
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                bits = (bits << 1) | (cells[r][c] > cells[r][c + 1] ? 1 : 0);
            }
        }
        return bits;
    }
}
