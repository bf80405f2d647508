package dev.ferlab.common.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private Path twoTensors() throws IOException {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.write(file, List.of(new SafeTensors.Float32("a.weight", new long[] {2, 3}, new float[] {1, 2, 3, 4,
                5, 6}), new SafeTensors.Float32("a.bias", new long[] {2}, new float[] {-1, 0.5f})), Map.of("format",
                "pt"));
        return file;
    }

    /** A file as safetensors lays it out: the header length, the JSON header, the data. */
    private Path raw(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        Path file = dir.resolve("raw.safetensors");
        Files.write(file, b.array());
        return file;
    }

    @Test
    void whatIsWrittenReadsBackTensorByTensor() throws IOException {
        Path file = twoTensors();
        SafeTensors.Header h = SafeTensors.read(file);
        assertEquals(List.of("a.weight", "a.bias"), List.copyOf(h.tensors().keySet()));
        assertEquals(Map.of("format", "pt"), h.metadata());
        assertEquals(0, h.dataStart() % 8, "the header is padded to 8 bytes");
        SafeTensors.Tensor w = h.tensor("a.weight").orElseThrow();
        assertArrayEquals(new long[] {2, 3}, w.shape());
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            float[] bias = new float[2];
            SafeTensors.data(c, h, h.tensor("a.bias").orElseThrow()).asFloatBuffer().get(bias);
            assertArrayEquals(new float[] {-1, 0.5f}, bias);
        }
    }

    @Test
    void aTruncatedFileIsRefusedSayingSo() throws IOException {
        Path file = twoTensors();
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 3));
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        // Cut inside the header too.
        Files.write(file, Arrays.copyOf(all, 20));
        e = assertThrows(InvalidWeightsException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aHeaderLengthBeyondTheLimitIsRefusedBeforeAnythingIsRead() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(SafeTensors.MAX_HEADER_BYTES + 1)
                .putLong(0);
        Path file = dir.resolve("big.safetensors");
        Files.write(file, b.array());
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        // What a pickle (torch.save) file looks like to this reader: refused by the same rule.
        Files.write(file, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, 0, 0});
        assertThrows(InvalidWeightsException.class, () -> SafeTensors.read(file));
    }

    @Test
    void aDtypeTheFormatDoesNotDefineIsRefusedByName() throws IOException {
        Path file = raw("{\"x\":{\"dtype\":\"F12\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains("x") && e.getMessage().contains("F12"), e.getMessage());
    }

    @Test
    void rangesThatDoNotTileTheDataAreRefused() throws IOException {
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class, () -> SafeTensors.read(raw(gap, 12)));
        assertTrue(e.getMessage().contains("gap"), e.getMessage());
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        e = assertThrows(InvalidWeightsException.class, () -> SafeTensors.read(raw(overlap, 8)));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        String wrongSize = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        e = assertThrows(InvalidWeightsException.class, () -> SafeTensors.read(raw(wrongSize, 8)));
        assertTrue(e.getMessage().contains("12 bytes"), e.getMessage());
        String trailing = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        e = assertThrows(InvalidWeightsException.class, () -> SafeTensors.read(raw(trailing, 9)));
        assertTrue(e.getMessage().contains("after its last tensor"), e.getMessage());
    }

    @Test
    void aHeaderThatIsNotJsonOrRepeatsANameIsRefused() throws IOException {
        InvalidWeightsException e = assertThrows(InvalidWeightsException.class,
                () -> SafeTensors.read(raw("{\"a\": [", 0)));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        String twice = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertThrows(InvalidWeightsException.class, () -> SafeTensors.read(raw(twice, 8)));
    }
}
