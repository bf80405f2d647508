package dev.ferlab.common.shards;

import java.nio.charset.StandardCharsets;

/**
 * The binary shard layout. A shard is a header then {@code count} fixed-size records, so a trainer streams it
 * without decoding any image file:
 *
 * <pre>
 * header:  "FERS" | int32 version | int32 count | int32 height | int32 width | int32 channels   (big-endian)
 * record:  uint8 label | height*width*channels uint8 pixels (row-major, channel-last)
 * </pre>
 */
public final class ShardFormat {
    public static final byte[] MAGIC = "FERS".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 4 + 5 * Integer.BYTES;
    /** 1,024 images of 96x96 make a shard of about 9.4 MB: large enough to stream well, small enough to buffer. */
    public static final int DEFAULT_IMAGES_PER_SHARD = 1024;
    /** A label is one unsigned byte. */
    public static final int MAX_CLASSES = 256;

    private ShardFormat() {
    }
}
