package dev.ferry.monitoring.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves the dashboard's three classpath resources the way the REST extension does ({@code /ferry/} and
 * {@code /ferry/assets/{file}}), and answers {@code /ferry/v1/replication} and {@code /ferry/v1/groups}
 * from functions of the poll number (1 for the first request), so a test can vary figures between polls, and
 * {@code /ferry/v1/heartbeats} with {@link DashboardFixture#heartbeats()}.
 */
final class DashboardServer implements AutoCloseable {

    static final String RESOURCES = "dev/ferry/monitoring/dashboard/";

    private static final Pattern ASSET = Pattern.compile("[a-z]+\\.(js|css)");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    /** One answer of a JSON endpoint: a status, and a body for 200. */
    record Answer(int status, String json) {
        static Answer ok(String json) {
            return new Answer(200, json);
        }

        static Answer refused(int status) {
            return new Answer(status, "{\"error_code\":" + status + ",\"message\":\"refused by the test\"}");
        }
    }

    private final HttpServer server;
    private final AtomicInteger replicationPolls = new AtomicInteger();
    private final AtomicInteger groupsPolls = new AtomicInteger();
    private final IntFunction<Answer> replication;
    private final IntFunction<Answer> groups;

    DashboardServer(IntFunction<Answer> replication, IntFunction<Answer> groups) throws IOException {
        this.replication = replication;
        this.groups = groups;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ferry/", this::handle);
        server.start();
    }

    URI page() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ferry/");
    }

    int replicationPolls() {
        return replicationPolls.get();
    }

    int groupsPolls() {
        return groupsPolls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String asset = path.startsWith("/ferry/assets/") ? path.substring("/ferry/assets/".length()) : null;
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "GET only");
            } else if (path.equals("/ferry/")) {
                sendResource(exchange, "index.html");
            } else if (asset != null && ASSET.matcher(asset).matches()) {
                sendResource(exchange, asset);
            } else if (path.equals("/ferry/v1/replication")) {
                sendAnswer(exchange, replication.apply(replicationPolls.incrementAndGet()));
            } else if (path.equals("/ferry/v1/groups")) {
                sendAnswer(exchange, groups.apply(groupsPolls.incrementAndGet()));
            } else if (path.equals("/ferry/v1/heartbeats")) {
                sendAnswer(exchange, Answer.ok(DashboardFixture.heartbeats()));
            } else {
                send(exchange, 404, "text/plain", "no such resource: " + path);
            }
        }
    }

    private static void sendResource(HttpExchange exchange, String file) throws IOException {
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                send(exchange, 404, "text/plain", "no such resource on the classpath: " + RESOURCES + file);
                return;
            }
            String extension = file.substring(file.lastIndexOf('.') + 1);
            send(exchange, 200, CONTENT_TYPES.get(extension), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void sendAnswer(HttpExchange exchange, Answer answer) throws IOException {
        send(exchange, answer.status(), "application/json", answer.json());
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
