package dev.ferry.testkit;

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
import java.util.Map;

/** The REST API of one Connect worker, driven over plain HTTP as operators do. */
public final class ConnectRestClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;

    /** @param url the REST API's base URL, ending in '/' */
    public ConnectRestClient(URI url) {
        this.url = url;
    }

    /** @return the REST API's base URL, ending in '/' */
    public URI url() {
        return url;
    }

    /** GETs a path relative to the REST API's base URL. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(url.resolve(path)).GET());
    }

    /** PUTs a JSON body to a path relative to the REST API's base URL. */
    public HttpResponse<String> put(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(url.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + body + " as JSON", e);
        }
    }

    /**
     * Waits until the worker reports ready ({@code GET /health} 200): it has joined its Connect cluster and read
     * the config topic.
     *
     * @throws AssertionError if it is not ready in time
     */
    public void awaitReady(Duration timeout) {
        Waits.until("Connect worker " + url + " to report ready on GET /health", timeout, () -> get("health").statusCode() == 200);
    }

    /**
     * {@code PUT /connector-plugins/<type>/config/validate}.
     *
     * @return the answer ({@code error_count}, {@code configs[].value.errors})
     * @throws AssertionError unless the worker answers 200
     */
    public JsonNode validate(String connectorType, Map<String, String> config) {
        return json(put("connector-plugins/" + connectorType + "/config/validate", config), "validate " + connectorType);
    }

    /**
     * {@code PUT /connectors/<name>/config}: creates or updates a connector.
     *
     * @throws AssertionError unless the worker answers 200 or 201
     */
    public void configureConnector(String name, Map<String, String> config) {
        HttpResponse<String> response = put("connectors/" + name + "/config", config);
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new AssertionError("PUT connectors/" + name + "/config answered " + response.statusCode() + ": "
                + response.body());
        }
    }

    /**
     * {@code DELETE /connectors/<name>}.
     *
     * @throws AssertionError unless the worker answers 204
     */
    public void deleteConnector(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url.resolve("connectors/" + name)).DELETE());
        if (response.statusCode() != 204) {
            throw new AssertionError("DELETE connectors/" + name + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** GETs a JSON document. @throws AssertionError unless the worker answers 200 */
    public JsonNode getJson(String path) {
        return json(get(path), "GET " + path);
    }

    private JsonNode json(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new AssertionError(what + " on " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(what + " on " + url + " did not answer JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        try {
            return HTTP.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + built.method() + " " + built.uri(), e);
        }
    }

    @Override
    public String toString() {
        return "Connect REST API " + url;
    }
}
