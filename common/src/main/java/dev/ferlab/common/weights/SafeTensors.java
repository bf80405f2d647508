package dev.ferlab.common.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the header of a safetensors file (the format Hugging Face and timm publish weights in): 8 bytes giving the
 * header's length (unsigned, little-endian), a JSON object naming each tensor's dtype, shape and byte range in the
 * data that follows, then the data, little-endian and C order. Every rule of the format is checked, so a truncated or
 * damaged file is refused before a byte of it is used. DJL can decode the format too, but only into an engine's
 * arrays; this reader needs no engine, so the gateway checks uploads with it.
 */
public final class SafeTensors {
    /** The format's own bound on the header; a larger length means a damaged file or another format. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final String METADATA = "__metadata__";
    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(Map.entry("BOOL", 1), Map.entry("U8", 1),
            Map.entry("I8", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E5M2", 1), Map.entry("I16", 2),
            Map.entry("U16", 2), Map.entry("F16", 2), Map.entry("BF16", 2), Map.entry("I32", 4), Map.entry("U32", 4),
            Map.entry("F32", 4), Map.entry("F64", 8), Map.entry("I64", 8), Map.entry("U64", 8));
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One tensor: its bytes are {@code [begin, end)} of the data, which starts at {@link Header#dataStart()}. */
    public record Tensor(String name, String dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /** The tensors by name, in the order of their data. */
    public record Header(Map<String, Tensor> tensors, Map<String, String> metadata, long dataStart, long fileSize) {
        public Optional<Tensor> tensor(String name) {
            return Optional.ofNullable(tensors.get(name));
        }
    }

    private SafeTensors() {
    }

    /** Reads and checks the header against the file's size. */
    public static Header read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new InvalidWeightsException("the file has " + size + " bytes: a safetensors file starts with an "
                        + "8-byte header length");
            }
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, length, 0);
            long headerBytes = length.flip().getLong();
            if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES) {
                throw new InvalidWeightsException("the header length in the first 8 bytes is "
                        + Long.toUnsignedString(headerBytes) + ", outside 2 to " + MAX_HEADER_BYTES
                        + " bytes (the format's limit): this is not a safetensors file, or a damaged one");
            }
            if (8 + headerBytes > size) {
                throw new InvalidWeightsException("the file is truncated: its header needs " + headerBytes
                        + " bytes after the first 8, the file has " + size + " bytes in all");
            }
            ByteBuffer json = ByteBuffer.allocate((int) headerBytes);
            readFully(channel, json, 8);
            return parse(new String(json.array(), StandardCharsets.UTF_8), 8 + headerBytes, size);
        }
    }

    private static Header parse(String json, long dataStart, long size) {
        JsonNode root;
        try {
            root = STRICT.readTree(json.stripTrailing());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidWeightsException("the header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidWeightsException("the header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Tensor> tensors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA)) {
                field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                tensors.add(tensor(field.getKey(), field.getValue()));
            }
        }
        // The data must be covered exactly: tensors back to back from byte 0, no gap, no overlap, nothing after.
        tensors.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        long at = 0;
        for (Tensor t : tensors) {
            if (t.begin() != at) {
                throw new InvalidWeightsException("tensor " + t.name() + " starts at data byte " + t.begin()
                        + " where " + at + " was expected: the tensors' byte ranges " + (t.begin() < at
                        ? "overlap" : "leave a gap") + ", which the format forbids");
            }
            at = t.end();
        }
        long needed = dataStart + at;
        if (needed > size) {
            throw new InvalidWeightsException("the file is truncated: its tensors need " + needed + " bytes, the file "
                    + "has " + size);
        }
        if (needed < size) {
            throw new InvalidWeightsException("the file has " + (size - needed) + " bytes after its last tensor: "
                    + "not a safetensors file as written, or a damaged one");
        }
        Map<String, Tensor> byName = new LinkedHashMap<>();
        tensors.forEach(t -> byName.put(t.name(), t));
        return new Header(byName, metadata, dataStart, size);
    }

    private static Tensor tensor(String name, JsonNode node) {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null
                || !offsets.isArray() || offsets.size() != 2) {
            throw new InvalidWeightsException("tensor " + name + " needs \"dtype\", \"shape\" and two "
                    + "\"data_offsets\" in the header: " + node);
        }
        Integer width = DTYPE_BYTES.get(dtype.asText());
        if (width == null) {
            throw new InvalidWeightsException("tensor " + name + " has dtype " + dtype.asText() + ", which the "
                    + "safetensors format does not define");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!shape.get(i).canConvertToLong() || shape.get(i).asLong() < 0) {
                throw new InvalidWeightsException("tensor " + name + " has shape " + shape + ": dimensions must be "
                        + "whole numbers of 0 or more");
            }
            dims[i] = shape.get(i).asLong();
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (!offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong() || begin < 0 || end < begin) {
            throw new InvalidWeightsException("tensor " + name + " has data_offsets " + offsets + ": they must be "
                    + "[begin, end] with 0 <= begin <= end");
        }
        Tensor t = new Tensor(name, dtype.asText(), dims, begin, end);
        long bytes;
        try {
            bytes = Math.multiplyExact(t.elements(), width);
        } catch (ArithmeticException e) {
            throw new InvalidWeightsException("tensor " + name + " has shape " + t.shapeText() + ": too large");
        }
        if (end - begin != bytes) {
            throw new InvalidWeightsException("tensor " + name + " is " + dtype.asText() + " of shape "
                    + t.shapeText() + ", " + bytes + " bytes, but its data_offsets span " + (end - begin));
        }
        return t;
    }

    /**
     * The tensor's bytes, little-endian, mapped from the file (not copied onto the heap). The caller keeps the
     * channel open while it reads them.
     */
    public static ByteBuffer data(FileChannel channel, Header header, Tensor tensor) throws IOException {
        return channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + tensor.begin(),
                tensor.end() - tensor.begin()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** One float32 tensor of a file, read whole onto the heap (inputs and logits, not weights). */
    public static float[] floats(Path file, String name) throws IOException {
        Header header = read(file);
        Tensor t = header.tensor(name).orElseThrow(() -> new InvalidWeightsException(file + " has no tensor " + name));
        if (!t.dtype().equals("F32")) {
            throw new InvalidWeightsException("tensor " + name + " of " + file + " is " + t.dtype() + ", not F32");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            float[] values = new float[Math.toIntExact(t.elements())];
            data(channel, header, t).asFloatBuffer().get(values);
            return values;
        }
    }

    /** A float32 tensor to write. */
    public record Float32(String name, long[] shape, float[] values) {
    }

    /**
     * Writes float32 tensors as a safetensors file, in the given order, with {@code metadata} (may be empty): what
     * {@code safetensors.torch.save_file} writes for a {@code state_dict}, so tests and tools can make one without
     * Python.
     */
    public static void write(Path file, List<Float32> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put(METADATA, metadata);
        }
        long at = 0;
        for (Float32 t : tensors) {
            long bytes = 4L * t.values().length;
            header.put(t.name(), Map.of("dtype", "F32", "shape", t.shape(), "data_offsets", List.of(at, at + bytes)));
            at += bytes;
        }
        byte[] json = STRICT.writeValueAsBytes(header);
        // The format pads the header with spaces so the data starts 8-byte aligned.
        int padded = (json.length + 7) / 8 * 8;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(json);
            while (head.hasRemaining()) {
                head.put((byte) ' ');
            }
            writeFully(out, head.flip());
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (Float32 t : tensors) {
                for (float v : t.values()) {
                    if (!chunk.hasRemaining()) {
                        writeFully(out, chunk.flip());
                        chunk.clear();
                    }
                    chunk.putFloat(v);
                }
            }
            writeFully(out, chunk.flip());
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new InvalidWeightsException("the file ended at byte " + at + " while its header was read");
            }
            at += n;
        }
    }
}
