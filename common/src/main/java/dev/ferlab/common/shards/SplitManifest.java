package dev.ferlab.common.shards;

import java.util.List;

/** The shards of one split, with the split's size and its count per class (in manifest class order). */
public record SplitManifest(int count, List<Integer> countsPerClass, List<ShardRef> shards) {
}
