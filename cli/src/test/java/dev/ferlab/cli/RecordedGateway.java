package dev.ferlab.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway that answers with answers recorded from a real one (src/test/resources/recorded, recorded with
 * {@code curl} from a running stack; README beside them), and records the requests it gets: method, path with
 * query, headers and body. Each route answers its recordings in turn, the last one again once they run out (a
 * poll that sees RUNNING, then DONE).
 */
final class RecordedGateway implements AutoCloseable {
    /** A request as it came. */
    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private record Answer(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final Map<String, List<Answer>> routes = new HashMap<>();
    private final Map<String, Integer> served = new HashMap<>();
    private final Map<String, Answer> prefixes = new HashMap<>();
    final List<Request> requests = new ArrayList<>();

    RecordedGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code method path} (the path with its query) answers {@code status} with a recorded file's content. */
    RecordedGateway on(String method, String path, int status, String recording) {
        return answer(method, path, status, recording.endsWith(".sse") ? "text/event-stream" : recording
                .endsWith(".json") ? "application/json" : "text/plain; charset=utf-8", read(recording));
    }

    /** Every {@code method} request whose path starts with {@code prefix} answers the recording. */
    RecordedGateway onPrefix(String method, String prefix, int status, String recording) {
        prefixes.put(method + " " + prefix, new Answer(status, "application/json", read(recording)));
        return this;
    }

    /** Every request, whatever its method and path, answers {@code status} with the recording. */
    RecordedGateway answerEverything(int status, String recording) {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
            onPrefix(method, "/", status, recording);
        }
        return this;
    }

    /** The same with a body written here (the rare answer that is a line of text). */
    RecordedGateway answer(String method, String path, int status, String contentType, String body) {
        routes.computeIfAbsent(method + " " + path, k -> new ArrayList<>()).add(new Answer(status, contentType, body));
        return this;
    }

    Request last(String method, String pathPrefix) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            Request r = requests.get(i);
            if (r.method().equals(method) && r.path().startsWith(pathPrefix)) {
                return r;
            }
        }
        throw new AssertionError("no " + method + " " + pathPrefix + " among " + requests);
    }

    private synchronized void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getRawPath() + (x.getRequestURI().getRawQuery() == null ? ""
                : "?" + x.getRequestURI().getRawQuery());
        String body;
        try (InputStream in = x.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        requests.add(new Request(x.getRequestMethod(), path, Map.copyOf(x.getRequestHeaders()), body));
        String key = x.getRequestMethod() + " " + path;
        List<Answer> answers = routes.get(key);
        Answer a;
        Answer byPrefix = prefixes.entrySet().stream().filter(e -> key.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        if (answers == null && byPrefix != null) {
            answers = List.of(byPrefix);
        }
        if (answers == null) {
            // Whatever is not recorded is unknown, as the real gateway says of an unknown id.
            a = new Answer(404, "application/json", "{\"error\":\"not recorded: " + key + "\"}");
        } else {
            int n = served.merge(key, 1, Integer::sum) - 1;
            a = answers.get(Math.min(n, answers.size() - 1));
        }
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", a.contentType());
        x.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String read(String recording) {
        try (InputStream in = RecordedGateway.class.getResourceAsStream("/recorded/" + recording)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + recording);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
