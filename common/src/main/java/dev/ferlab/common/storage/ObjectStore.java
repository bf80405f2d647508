package dev.ferlab.common.storage;

import dev.ferlab.common.json.Json;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The few object-store operations ferlab needs, over the MinIO client, so the same code runs against MinIO, S3 or
 * S3Proxy. Every failure surfaces as an {@link IOException} naming the bucket and key.
 */
public class ObjectStore {
    private static final long PART_SIZE = 10L * 1024 * 1024;
    private static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(5);
    private static final java.time.Duration IO_TIMEOUT = java.time.Duration.ofSeconds(60);
    private final MinioClient client;

    public ObjectStore(ObjectStoreSettings settings) {
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                // A fixed region spares a GetBucketLocation call that some S3-compatible servers answer oddly.
                .region(settings.region())
                .build();
        // MinIO's defaults wait minutes on an unreachable server; a short connect timeout turns an outage into a
        // prompt infrastructure fault, which callers retry. Reads and writes keep a minute per operation.
        client.setTimeout(CONNECT_TIMEOUT.toMillis(), IO_TIMEOUT.toMillis(), IO_TIMEOUT.toMillis());
    }

    /** Whether the server answers an authenticated request (for readiness checks); throws saying why not. */
    public void ping() throws IOException {
        try {
            client.bucketExists(BucketExistsArgs.builder().bucket(Buckets.MODELS).build());
        } catch (Exception e) {
            throw io("reach", Buckets.MODELS, "", e);
        }
    }

    public void ensureBucket(String bucket) throws IOException {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (ErrorResponseException e) {
            // Another service may have created it between the check and the make.
            if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())
                    && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                throw new IOException("cannot create bucket " + bucket + ": " + e.getMessage(), e);
            }
        } catch (Exception e) {
            throw io("create bucket", bucket, "", e);
        }
    }

    public void put(String bucket, String key, byte[] bytes, String contentType) throws IOException {
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                    .contentType(contentType).build());
        } catch (Exception e) {
            throw io("put", bucket, key, e);
        }
    }

    public void putFile(String bucket, String key, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(in, Files.size(file), PART_SIZE)
                    .contentType("application/octet-stream").build());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw io("put", bucket, key, e);
        }
    }

    public void putJson(String bucket, String key, Object value) throws IOException {
        put(bucket, key, Json.toBytes(value), "application/json");
    }

    /** Opens an object for streaming; the caller closes it. */
    public InputStream open(String bucket, String key) throws IOException {
        try {
            return client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw io("get", bucket, key, e);
        }
    }

    public byte[] get(String bucket, String key) throws IOException {
        try (InputStream in = open(bucket, key)) {
            return in.readAllBytes();
        }
    }

    public <T> T getJson(String bucket, String key, Class<T> type) throws IOException {
        return Json.fromBytes(get(bucket, key), type);
    }

    public void download(String bucket, String key, Path target) throws IOException {
        try (InputStream in = open(bucket, key)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public boolean exists(String bucket, String key) throws IOException {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)) {
                return false;
            }
            throw io("stat", bucket, key, e);
        } catch (Exception e) {
            throw io("stat", bucket, key, e);
        }
    }

    /** Removes an object; removing one that is not there is not an error (S3's own rule). */
    public void delete(String bucket, String key) throws IOException {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw io("delete", bucket, key, e);
        }
    }

    /** Keys under a prefix, recursively, in the store's order. */
    public List<String> list(String bucket, String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> r : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                keys.add(r.get().objectName());
            }
        } catch (Exception e) {
            throw io("list", bucket, prefix, e);
        }
        return keys;
    }

    private static IOException io(String what, String bucket, String key, Exception e) {
        return new IOException("object store " + what + " " + bucket + "/" + key + " failed: " + e.getMessage(), e);
    }
}
