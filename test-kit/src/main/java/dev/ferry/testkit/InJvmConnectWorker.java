package dev.ferry.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Connect distributed worker started in this JVM from a plain worker properties map, exactly as
 * {@code bin/connect-distributed.sh} would start it from a file: no defaults of the kit are added, so a test
 * can prove that a shipped worker file works as written (after substituting addresses and folders). Unlike
 * {@link FerryClusters}' workers it may join any Kafka cluster, e.g. one the test started as the source.
 * Driven over plain HTTP ({@link ConnectRestClient}), as operators do.
 */
public final class InJvmConnectWorker implements AutoCloseable {

    private final Connect<?> connect;
    private final ConnectRestClient rest;

    private InJvmConnectWorker(Connect<?> connect, URI url) {
        this.connect = connect;
        this.rest = new ConnectRestClient(url);
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
            worker.rest.awaitReady(timeout);
            return worker;
        } catch (RuntimeException | Error e) {
            worker.close();
            throw e;
        }
    }

    /** @return the REST API's base URL, ending in '/' */
    public URI url() {
        return rest.url();
    }

    /** @return the worker's REST API */
    public ConnectRestClient rest() {
        return rest;
    }

    /** GETs a path relative to the REST API's base URL. */
    public HttpResponse<String> get(String path) {
        return rest.get(path);
    }

    /** PUTs a JSON body to a path relative to the REST API's base URL. */
    public HttpResponse<String> put(String path, Object body) {
        return rest.put(path, body);
    }

    /** See {@link ConnectRestClient#validate}. */
    public JsonNode validate(String connectorType, Map<String, String> config) {
        return rest.validate(connectorType, config);
    }

    /** See {@link ConnectRestClient#configureConnector}. */
    public void configureConnector(String name, Map<String, String> config) {
        rest.configureConnector(name, config);
    }

    /** See {@link ConnectRestClient#deleteConnector}. */
    public void deleteConnector(String name) {
        rest.deleteConnector(name);
    }

    /** See {@link ConnectRestClient#getJson}. */
    public JsonNode getJson(String path) {
        return rest.getJson(path);
    }

    /** Stops the worker (its connectors' tasks stop and commit their positions) and waits for it to end. */
    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }

    @Override
    public String toString() {
        return "in-JVM Connect worker " + rest.url();
    }
}
