package dev.ferlab.preprocess.balance;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact k nearest neighbours in pixel space (squared Euclidean distance over uint8 pixels) among a set of
 * candidates, by brute force: time O(queries x candidates x pixels), memory O(queries x k). No n x n distance matrix
 * is ever held, so memory stays linear in the dataset. Ties go to the lower index, so results are deterministic.
 */
final class NearestNeighbours {
    private NearestNeighbours() {
    }

    /**
     * @param candidates the members searched, ascending indices; null for all of them
     * @return for each query index, its {@code k} nearest other candidates, nearest first
     */
    static int[][] of(byte[][] members, int[] candidates, int[] queries, int k, int threads) {
        int[][] result = new int[queries.length][];
        int workers = Math.max(1, Math.min(threads, queries.length));
        if (workers == 1) {
            for (int q = 0; q < queries.length; q++) {
                result[q] = nearest(members, candidates, queries[q], k);
            }
            return result;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                // Interleaved, so that every worker gets a similar share of the work.
                parts.add(pool.submit(() -> {
                    for (int q = worker; q < queries.length; q += workers) {
                        result[q] = nearest(members, candidates, queries[q], k);
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("nearest-neighbour search interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("nearest-neighbour search failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return result;
    }

    static int[] nearest(byte[][] members, int[] candidates, int query, int k) {
        int[] best = new int[k];
        long[] bestDistance = new long[k];
        java.util.Arrays.fill(bestDistance, Long.MAX_VALUE);
        byte[] a = members[query];
        int n = candidates == null ? members.length : candidates.length;
        for (int c = 0; c < n; c++) {
            int j = candidates == null ? c : candidates[c];
            if (j == query) {
                continue;
            }
            long d = distance(a, members[j]);
            if (d < bestDistance[k - 1]) {
                int pos = k - 1;
                while (pos > 0 && d < bestDistance[pos - 1]) {
                    bestDistance[pos] = bestDistance[pos - 1];
                    best[pos] = best[pos - 1];
                    pos--;
                }
                bestDistance[pos] = d;
                best[pos] = j;
            }
        }
        return best;
    }

    static long distance(byte[] a, byte[] b) {
        int sum = 0;
        // An int cannot overflow here for images up to 33,000 pixels (255^2 * 33,000 < 2^31).
        for (int p = 0; p < a.length; p++) {
            int d = (a[p] & 0xFF) - (b[p] & 0xFF);
            sum += d * d;
        }
        return sum;
    }
}
