package dev.ferry.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Connect distributed worker started in this JVM from a plain worker properties map, exactly as
 * {@code bin/connect-distributed.sh} would start it from a file: no defaults of the kit are added, so a test
 * can prove that a shipped worker file works as written (after substituting addresses and folders). Unlike
 * {@link FerryClusters}' workers it may join any Kafka cluster, e.g. one the test started as the source.
 * Driven over plain HTTP, as operators do.
 */
public final class InJvmConnectWorker implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connect<?> connect;
    private final URI url;

    private InJvmConnectWorker(Connect<?> connect, URI url) {
        this.connect = connect;
        this.url = url;
    }

    /**
     * Reads a worker properties file as Connect does (so escapes and continuation lines mean the same).
     *
     * @return the properties, in a new mutable map
     */
    public static Map<String, String> readProperties(Path file) {
        try {
            return new LinkedHashMap<>(Utils.propsToStringMap(Utils.loadProps(file.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read worker properties " + file.toAbsolutePath(), e);
        }
    }

    /**
     * Starts the worker and returns once its REST server reports it ready ({@code GET /health} 200), i.e. it
     * has joined its Connect cluster and read the config topic.
     *
     * @param workerProps complete worker settings
     * @param timeout     how long to wait for readiness
     * @throws AssertionError if it is not ready in time (the worker is stopped again)
     */
    public static InJvmConnectWorker start(Map<String, String> workerProps, Duration timeout) {
        Connect<?> connect = new ConnectDistributed().startConnect(Map.copyOf(workerProps));
        InJvmConnectWorker worker = new InJvmConnectWorker(connect, connect.rest().advertisedUrl());
        try {
            Waits.until("Connect worker " + worker.url + " to report ready on GET /health", timeout,
                () -> worker.get("health").statusCode() == 200);
            return worker;
        } catch (RuntimeException | Error e) {
            worker.close();
            throw e;
        }
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

    /** Stops the worker (its connectors' tasks stop and commit their positions) and waits for it to end. */
    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }

    @Override
    public String toString() {
        return "in-JVM Connect worker " + url;
    }
}
