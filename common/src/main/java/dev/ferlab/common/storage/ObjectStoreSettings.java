package dev.ferlab.common.storage;

/** Where the S3-compatible store is and how to sign in; services read these from configuration. */
public record ObjectStoreSettings(String endpoint, String accessKey, String secretKey, String region) {
}
