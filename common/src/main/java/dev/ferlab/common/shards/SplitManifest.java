package dev.ferlab.common.shards;

import java.util.List;

/**
 * The shards of one split, with the split's size and its count per class (in manifest class order); {@code groups}:
 * the groups (subjects) whose images it holds, sorted, when the split was grouped; absent otherwise.
 */
public record SplitManifest(int count, List<Integer> countsPerClass, List<ShardRef> shards,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        List<String> groups) {
}
