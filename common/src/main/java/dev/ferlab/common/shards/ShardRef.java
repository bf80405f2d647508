package dev.ferlab.common.shards;

/** One binary shard object: where it is, how many images it holds, and its SHA-256. */
public record ShardRef(String key, int count, long bytes, String sha256) {
}
