package dev.ferlab.gateway.dataset.service;

import dev.ferlab.common.datasets.DatasetManifest.Problem;
import dev.ferlab.gateway.config.GatewayConfig;
import java.util.List;

/**
 * The most a dataset archive may hold, so that a small upload cannot fill the gateway's memory or disk (a zip bomb)
 * or its heap (a million entries). Each limit is checked on the sizes the archive declares before anything is
 * inflated, and again on the bytes actually inflated, since declared sizes can lie. Going past one refuses the whole
 * archive with a 400 that names the limit and the setting that raises it; nothing is stored.
 *
 * @param maxEntries       entries in the archive, folders included
 * @param maxEntryBytes    one entry, inflated
 * @param maxInflatedBytes all entries together, inflated
 * @param maxRatio         inflated over compressed size, for an entry above {@link #RATIO_FLOOR} and for the archive
 */
public record ArchiveLimits(int maxEntries, long maxEntryBytes, long maxInflatedBytes, int maxRatio) {
    /** Below this an entry is not held to the ratio: tiny files compress well without being bombs. */
    static final long RATIO_FLOOR = 1L << 20;

    public static ArchiveLimits of(GatewayConfig.Imports c) {
        return new ArchiveLimits(c.maxEntries(), c.maxEntrySize().asLongValue(), c.maxInflatedSize().asLongValue(),
                c.maxRatio());
    }

    void entries(long count) {
        if (count > maxEntries) {
            throw refused("upload", count + " entries, more than the limit of " + maxEntries,
                    "ferlab.gateway.imports.max-entries", "FERLAB_GATEWAY_IMPORTS_MAX_ENTRIES");
        }
    }

    /** One entry's inflated size against its compressed size; {@code compressed} -1 when unknown. */
    void entry(String name, long inflated, long compressed) {
        if (inflated > maxEntryBytes) {
            throw refused(name, "inflates to more than the limit of " + bytes(maxEntryBytes) + " for one entry",
                    "ferlab.gateway.imports.max-entry-size", "FERLAB_GATEWAY_IMPORTS_MAX_ENTRY_SIZE");
        }
        if (compressed >= 0 && inflated > RATIO_FLOOR && inflated > (double) maxRatio * Math.max(compressed, 1)) {
            throw refused(name, "inflates " + ratio(inflated, compressed) + " times its compressed size, more than the "
                    + "limit of " + maxRatio, "ferlab.gateway.imports.max-ratio", "FERLAB_GATEWAY_IMPORTS_MAX_RATIO");
        }
    }

    /** All entries so far, inflated, against the archive's size on disk. */
    void total(long inflated, long archiveBytes) {
        if (inflated > maxInflatedBytes) {
            throw refused("upload", "its entries inflate to more than the limit of " + bytes(maxInflatedBytes),
                    "ferlab.gateway.imports.max-inflated-size", "FERLAB_GATEWAY_IMPORTS_MAX_INFLATED_SIZE");
        }
        if (inflated > RATIO_FLOOR && inflated > (double) maxRatio * Math.max(archiveBytes, 1)) {
            throw refused("upload", "its entries inflate " + ratio(inflated, archiveBytes) + " times the archive's "
                    + "size, more than the limit of " + maxRatio, "ferlab.gateway.imports.max-ratio",
                    "FERLAB_GATEWAY_IMPORTS_MAX_RATIO");
        }
    }

    private static InvalidDatasetException refused(String file, String what, String property, String env) {
        String reason = what + " (setting " + property + ", environment " + env + ")";
        return new InvalidDatasetException("archive refused: " + (file.equals("upload") ? "" : file + " ") + what
                + "; nothing was stored. If the archive is genuine, raise " + env + " on the gateway",
                List.of(new Problem(file, reason)));
    }

    private static String ratio(long inflated, long compressed) {
        return String.valueOf(Math.round((double) inflated / Math.max(compressed, 1)));
    }

    private static String bytes(long n) {
        return n % (1L << 30) == 0 ? (n >> 30) + " GiB" : n % (1L << 20) == 0 ? (n >> 20) + " MiB" : n + " bytes";
    }
}
