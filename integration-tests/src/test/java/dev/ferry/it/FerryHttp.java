package dev.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** Plain HTTP calls to a worker's REST server, as an operator's tools make them (optionally with basic auth). */
final class FerryHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private FerryHttp() {
    }

    static HttpResponse<String> get(URI worker, String path, Optional<String> userAndPassword) {
        return send(worker, path, HttpRequest.newBuilder(worker.resolve(path)).timeout(Duration.ofSeconds(30)).GET(), userAndPassword);
    }

    private static HttpResponse<String> send(URI worker, String path, HttpRequest.Builder request, Optional<String> userAndPassword) {
        userAndPassword.ifPresent(credentials -> request.header("Authorization",
            "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
        HttpRequest built = request.build();
        try {
            return CLIENT.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + worker.resolve(path) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static HttpResponse<String> get(URI worker, String path) {
        return get(worker, path, Optional.empty());
    }

    /** GETs a JSON document, failing on any status but 200. */
    static JsonNode json(URI worker, String path) {
        return json(worker, path, Optional.empty());
    }

    /** GETs a JSON document with optional basic-auth credentials, failing on any status but 200. */
    static JsonNode json(URI worker, String path, Optional<String> userAndPassword) {
        HttpResponse<String> response = get(worker, path, userAndPassword);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " on " + worker + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " did not answer JSON: " + response.body(), e);
        }
    }
}
