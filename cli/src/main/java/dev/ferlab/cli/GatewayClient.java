package dev.ferlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few REST calls the CLI makes. */
final class GatewayClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESPOND_ASYNC = "respond-async";
    private final String base;
    /**
     * HTTP/1.1, as a browser speaks to the gateway: the JDK client's default HTTP/2 upgrade over plain HTTP was seen
     * failing against it, the reply read as HTTP/2 frames.
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, JsonNode body) {
    }

    private final String token;

    /** @param token the gateway's API token, sent with every request that changes state; null sends none */
    GatewayClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token == null || token.isBlank() ? null : token.trim();
    }

    /** A path segment or query value, URL-encoded. */
    static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return post(path, json, null);
    }

    /**
     * A POST that starts a job ({@code Prefer: respond-async}, a dataset import): answered at once, 202 with the job
     * to poll, by a gateway that runs it as one.
     */
    Answer startJob(String path, String json) throws IOException, InterruptedException {
        return send(authorised(HttpRequest.newBuilder(URI.create(base + path)).header("Prefer", RESPOND_ASYNC)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))));
    }

    /** @param idempotencyKey sent as {@code Idempotency-Key} when not null: a retry creates nothing twice */
    Answer post(String path, String json, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = authorised(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b);
    }

    /**
     * Streams a file as the body of a PUT (pretrained weights), with a {@code timeout} of its own: a large file takes
     * a while to send and to check.
     */
    Answer putFile(String path, java.nio.file.Path file, Duration timeout) throws IOException, InterruptedException {
        return sendFile("PUT", path, file, "application/octet-stream", timeout);
    }

    /**
     * Streams a file as the body of a POST that starts a job (a dataset upload, then checked and stored as a job),
     * with a {@code timeout} of its own for sending the file.
     */
    Answer startUpload(String path, java.nio.file.Path file, String contentType, Duration timeout)
            throws IOException, InterruptedException {
        return sendFile("POST", path, file, contentType, timeout, "Prefer", RESPOND_ASYNC);
    }

    /** @param headers more request headers, as name, value, name, value */
    private Answer sendFile(String method, String path, java.nio.file.Path file, String contentType,
            Duration timeout, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofFile(file));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(authorised(request), timeout);
    }

    /** The token, on every request that changes state. */
    private HttpRequest.Builder authorised(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /** A text resource (an export): the status and the body as it came. */
    record Text(int status, String body) {
    }

    Text getText(String path) throws IOException, InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET()
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Text(r.statusCode(), r.body());
        } catch (ConnectException e) {
            throw new IOException("cannot reach the gateway at " + base + ": is it running? (./ferlab start)", e);
        }
    }

    /**
     * Follows a Server-Sent Events stream (no timeout: it lasts as long as what it follows), handing each event's
     * JSON to {@code onEvent} until the server ends it; 404 and the like come back as the status.
     */
    int follow(String path, java.util.function.Consumer<JsonNode> onEvent) throws IOException, InterruptedException {
        try {
            HttpResponse<java.util.stream.Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() == 200) {
                try (java.util.stream.Stream<String> lines = r.body()) {
                    lines.filter(l -> l.startsWith("data:")).forEach(l -> {
                        try {
                            onEvent.accept(JSON.readTree(l.substring(5).trim()));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                }
            }
            return r.statusCode();
        } catch (ConnectException e) {
            throw new IOException("cannot reach the gateway at " + base + ": is it running? (./ferlab start)", e);
        }
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(request, Duration.ofSeconds(30));
    }

    private Answer send(HttpRequest.Builder request, Duration timeout) throws IOException, InterruptedException {
        try {
            HttpResponse<String> r = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = r.body() == null || r.body().isBlank() ? "{}" : r.body();
            JsonNode node;
            try {
                node = JSON.readTree(body);
            } catch (IOException notJson) {
                node = JSON.createObjectNode().put("error", body);
            }
            return new Answer(r.statusCode(), node);
        } catch (ConnectException e) {
            throw new IOException("cannot reach the gateway at " + base + ": is it running? (./ferlab start)", e);
        }
    }
}
