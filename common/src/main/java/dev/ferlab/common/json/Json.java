package dev.ferlab.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON settings every ferlab message and manifest uses (ISO-8601 instants, unknown fields ignored so that a
 * newer producer does not break an older consumer). Matches the Quarkus default ObjectMapper.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String toString(Object value) {
        return new String(toBytes(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Parses one Kafka message. A payload that is not valid JSON for {@code type}, or lacks its experiment id,
     * raises IllegalArgumentException: the consumer nacks it and the channel's dead-letter topic receives it.
     */
    public static <T> T message(String json, Class<T> type, java.util.function.Function<T, String> experimentId) {
        if (json == null) {
            throw new IllegalArgumentException("empty " + type.getSimpleName() + " message");
        }
        T message = fromBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
        if (message == null || experimentId.apply(message) == null || experimentId.apply(message).isBlank()) {
            throw new IllegalArgumentException(type.getSimpleName() + " message without experimentId: " + json);
        }
        return message;
    }

    public static <T> T fromBytes(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
