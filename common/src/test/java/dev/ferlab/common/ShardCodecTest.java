package dev.ferlab.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferlab.common.shards.ShardFormat;
import dev.ferlab.common.shards.ShardReader;
import dev.ferlab.common.shards.ShardRef;
import dev.ferlab.common.shards.ShardWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShardCodecTest {
    private static final int H = 6;
    private static final int W = 5;

    private final Map<String, byte[]> objects = new LinkedHashMap<>();

    private List<ShardRef> write(int images, int perShard, List<byte[]> pixelsOut, List<Integer> labelsOut)
            throws IOException {
        ShardWriter writer = new ShardWriter("set/train", H, W, 1, perShard, objects::put);
        Random rnd = new Random(1);
        for (int i = 0; i < images; i++) {
            byte[] px = new byte[H * W];
            rnd.nextBytes(px);
            int label = i % 7;
            writer.add(label, px);
            pixelsOut.add(px);
            labelsOut.add(label);
        }
        return writer.finish();
    }

    @Test
    void writesFixedSizeRecordsAndReadsThemBackInOrder() throws IOException {
        List<byte[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<ShardRef> refs = write(10, 4, pixels, labels);

        assertEquals(List.of("set/train-00000.bin", "set/train-00001.bin", "set/train-00002.bin"),
                refs.stream().map(ShardRef::key).toList());
        assertEquals(List.of(4, 4, 2), refs.stream().map(ShardRef::count).toList());
        assertEquals(ShardFormat.HEADER_BYTES + 4L * (1 + H * W), refs.get(0).bytes());

        List<byte[]> readPixels = new ArrayList<>();
        List<Integer> readLabels = new ArrayList<>();
        for (ShardRef ref : refs) {
            ShardReader.read(new ByteArrayInputStream(objects.get(ref.key())), ref, H, W, 1, (label, px) -> {
                readLabels.add(label);
                readPixels.add(px.clone());
            });
        }
        assertEquals(labels, readLabels);
        for (int i = 0; i < pixels.size(); i++) {
            assertArrayEquals(pixels.get(i), readPixels.get(i));
        }
    }

    @Test
    void anAlteredByteFailsTheChecksum() throws IOException {
        ShardRef ref = write(3, 10, new ArrayList<>(), new ArrayList<>()).get(0);
        byte[] shard = objects.get(ref.key()).clone();
        shard[shard.length - 1] ^= 1;
        IOException e = assertThrows(IOException.class,
                () -> ShardReader.read(new ByteArrayInputStream(shard), ref, H, W, 1, (l, p) -> { }));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void aTruncatedShardIsNamed() throws IOException {
        ShardRef ref = write(3, 10, new ArrayList<>(), new ArrayList<>()).get(0);
        byte[] shard = Arrays.copyOf(objects.get(ref.key()), 40);
        IOException e = assertThrows(IOException.class,
                () -> ShardReader.read(new ByteArrayInputStream(shard), ref, H, W, 1, (l, p) -> { }));
        assertTrue(e.getMessage().contains("set/train-00000.bin is truncated"), e.getMessage());
    }

    @Test
    void aHeaderThatDisagreesWithTheManifestIsRefused() throws IOException {
        ShardRef ref = write(3, 10, new ArrayList<>(), new ArrayList<>()).get(0);
        IOException e = assertThrows(IOException.class, () -> ShardReader.read(
                new ByteArrayInputStream(objects.get(ref.key())), ref, H + 1, W, 1, (l, p) -> { }));
        assertTrue(e.getMessage().contains("disagrees with its manifest"), e.getMessage());
    }

    @Test
    void wrongImageSizeAndOversizedLabelsAreRejectedOnWrite() {
        ShardWriter writer = new ShardWriter("x", H, W, 1, 4, objects::put);
        assertThrows(IllegalArgumentException.class, () -> writer.add(0, new byte[H * W - 1]));
        assertThrows(IllegalArgumentException.class, () -> writer.add(256, new byte[H * W]));
    }
}
