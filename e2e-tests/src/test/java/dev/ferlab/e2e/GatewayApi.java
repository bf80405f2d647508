package dev.ferlab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client of the gateway, as any user's script would be. */
final class GatewayApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    // HTTP/1.1: an upload refused for its size is answered before its body is read, which HTTP/2's upgrade
    // would turn into a GOAWAY.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param location the {@code Location} header, or null */
    record Answer(int status, JsonNode body, String location) {
    }

    private final String token;

    /** @param token sent as {@code Authorization: Bearer} with every POST; null sends none */
    GatewayApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same gateway without the token: for the 401 tests. */
    GatewayApi withoutToken() {
        return new GatewayApi(base, null);
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder b) {
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return answer(http.send(authorised(HttpRequest.newBuilder(URI.create(base + path)))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return answer(http.send(authorised(HttpRequest.newBuilder(URI.create(base + path)))
                .timeout(Duration.ofSeconds(60)).DELETE().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** POST with an {@code Idempotency-Key} header. */
    Answer post(String path, String json, String idempotencyKey) throws IOException, InterruptedException {
        return answer(http.send(authorised(HttpRequest.newBuilder(URI.create(base + path)))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A text answer (an export), with its content type. */
    record Text(int status, String contentType, String body) {
    }

    Text getText(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Text(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    Answer postBytes(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return answer(http.send(authorised(HttpRequest.newBuilder(URI.create(base + path)))
                .timeout(Duration.ofSeconds(60)).expectContinue(true).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A POST asking for a job ({@code Prefer: respond-async}): a dataset import to follow by polling. */
    Answer postAsync(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return answer(http.send(authorised(HttpRequest.newBuilder(URI.create(base + path)))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A file as the body of a PUT (pretrained weights), streamed from disk. */
    Answer putFile(String path, java.nio.file.Path file) throws IOException, InterruptedException {
        return answer(http.send(authorised(HttpRequest.newBuilder(URI.create(base + path)))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    Answer get(String path) throws IOException, InterruptedException {
        return get(path, Duration.ofSeconds(30));
    }

    Answer get(String path, Duration timeout) throws IOException, InterruptedException {
        return answer(http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer answer(HttpResponse<String> r) throws IOException {
        String body = r.body() == null || r.body().isBlank() ? "{}" : r.body();
        return new Answer(r.statusCode(), JSON.readTree(body), r.headers().firstValue("Location").orElse(null));
    }
}
