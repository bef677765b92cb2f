package dev.ferry.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Connect worker in its own JVM, joined to a {@link FerryClusters} Connect cluster, so that a test can
 * kill it with SIGKILL: no shutdown hook, no graceful leave, no last offset commit, as when a machine
 * dies. It runs Kafka's own {@code ConnectDistributed} from this JVM's class path and loads Ferry from
 * the same plugin path as the in-JVM workers.
 */
public final class ChildConnectWorker implements AutoCloseable {

    private static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx512m");

    private final Process process;
    private final Path logDir;
    private final ConnectRestClient rest;

    private ChildConnectWorker(Process process, Path logDir, ConnectRestClient rest) {
        this.process = process;
        this.logDir = logDir;
        this.rest = rest;
    }

    /**
     * Starts a worker with the Connect cluster's settings (see {@link FerryClusters#joiningWorkerProps()}).
     *
     * @param workerProps the settings; its REST listener is replaced by a free port of its own ({@link #rest()}), and plugins
     *                    are found through their ServiceLoader manifests only
     * @param logDir      where the child's log (test.log) and console output go
     */
    public static ChildConnectWorker start(Map<String, String> workerProps, Path logDir) {
        return start(workerProps, logDir, DEFAULT_JVM_OPTIONS);
    }

    /**
     * Like {@link #start(Map, Path)}, with these JVM options (heap, GC, JFR) instead of {@code -Xmx512m}.
     */
    public static ChildConnectWorker start(Map<String, String> workerProps, Path logDir, List<String> jvmOptions) {
        try {
            Files.createDirectories(logDir);
            Path propsFile = logDir.resolve("worker.properties");
            Properties props = new Properties();
            props.putAll(workerProps);
            int restPort = freePort();
            props.setProperty("listeners", "http://localhost:" + restPort);
            // Scanning the whole test class path for plugins takes the child 25-45 s on two busy cores;
            // Ferry's and Kafka's plugins all carry ServiceLoader manifests, which take a second to read.
            props.setProperty("plugin.discovery", "service_load");
            try (Writer writer = Files.newBufferedWriter(propsFile, StandardCharsets.UTF_8)) {
                props.store(writer, "Connect worker in a child JVM, joining the test's Connect cluster");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            String logConfig = System.getProperty("log4j2.configurationFile");
            if (logConfig != null) {
                command.add("-Dlog4j2.configurationFile=" + logConfig);
            }
            command.add("-Dferry.test.log.dir=" + logDir);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("org.apache.kafka.connect.cli.ConnectDistributed");
            command.add(propsFile.toString());
            Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("console.log").toFile())
                .start();
            return new ChildConnectWorker(process, logDir, new ConnectRestClient(URI.create("http://localhost:" + restPort + "/")));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a Connect worker in a child JVM (logs in " + logDir + ")", e);
        }
    }

    /** A port free now; the child binds it a moment later (the race with another process is accepted in tests). */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** @return the child worker's REST API (ready once {@link ConnectRestClient#awaitReady} returns) */
    public ConnectRestClient rest() {
        return rest;
    }

    /** @return whether the child JVM is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the child's process id, for messages */
    public long pid() {
        return process.pid();
    }

    /**
     * Kills the worker with SIGKILL and waits for the process to end.
     *
     * @throws AssertionError if it has not ended 30 s later
     */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("child Connect worker " + process.pid() + " did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing child Connect worker " + process.pid(), e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "child Connect worker pid " + process.pid() + " (logs in " + logDir + ")";
    }
}
