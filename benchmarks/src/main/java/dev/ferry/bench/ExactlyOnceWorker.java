package dev.ferry.bench;

import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.InJvmConnectWorker;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A second Connect cluster (one worker, in this process) on the same target cluster, with
 * {@code exactly.once.source.support=enabled}: a worker runs every source task exactly once or none, so pricing
 * exactly-once against at-least-once in one run needs a worker group of its own. Started on first use.
 */
final class ExactlyOnceWorker implements ConnectorContender.ConnectApi, AutoCloseable {

    private final FerryClusters clusters;
    private InJvmConnectWorker worker;

    ExactlyOnceWorker(FerryClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public void configureConnector(String name, Map<String, String> config) {
        started().configureConnector(name, config);
    }

    @Override
    public void deleteConnector(String name) {
        started().deleteConnector(name);
    }

    private synchronized InJvmConnectWorker started() {
        if (worker == null) {
            Map<String, String> props = new HashMap<>(clusters.joiningWorkerProps());
            props.put("group.id", "bench-exactly-once");
            props.put("config.storage.topic", "bench-exactly-once-configs");
            props.put("offset.storage.topic", "bench-exactly-once-offsets");
            props.put("status.storage.topic", "bench-exactly-once-status");
            props.put("listeners", "http://localhost:0");
            props.remove("rest.advertised.port");
            props.put("exactly.once.source.support", "enabled");
            worker = InJvmConnectWorker.start(props, Duration.ofMinutes(2));
        }
        return worker;
    }

    @Override
    public synchronized void close() {
        if (worker != null) {
            worker.close();
        }
    }
}
