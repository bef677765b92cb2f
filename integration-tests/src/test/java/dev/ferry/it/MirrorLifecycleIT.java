package dev.ferry.it;

import dev.ferry.testkit.BackgroundProduction;
import dev.ferry.testkit.OracleProducer;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.Waits;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restarts, pauses and rebalances while records flow: nothing lost, nothing duplicated. */
class MirrorLifecycleIT extends MirrorClustersIT {

    @Override
    int workers() {
        return 2;
    }

    private static final Duration COPY_TIMEOUT = Duration.ofSeconds(90);

    /** Waits until the target holds more copies of {@code topic} than it did, proving records flow now. */
    private void awaitProgress(String topic) {
        long before = CHECKER.read(clusters.target(), "east." + topic, topic, producer).seen();
        Waits.until("copies of '" + topic + "' to grow past " + before, Duration.ofSeconds(30),
            () -> CHECKER.read(clusters.target(), "east." + topic, topic, producer).seen() > before);
    }

    private void assertExact(String topic) {
        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east." + topic, topic, producer, COPY_TIMEOUT);
        assertTrue(report.isExact(), report.toString());
    }

    @Test
    void connectorAndTaskRestartsMidStreamLoseAndDuplicateNothing() {
        clusters.createSourceTopic("restarts", 4, Map.of());
        clusters.connect().configureConnector("restarts", MirrorConnectors.eastToWest(clusters, "restarts", 2));
        clusters.awaitConnectorRunning("restarts", 2, Duration.ofSeconds(60));
        BackgroundProduction traffic = producer.produceInBackground(List.of("restarts"), 4, 2_000);
        try {
            awaitProgress("restarts");
            clusters.connect().restartConnectorAndTasks("restarts", false, true, false);
            clusters.awaitConnectorRunning("restarts", 2, Duration.ofSeconds(60));
            awaitProgress("restarts");
            clusters.connect().restartTask("restarts", 1);
            clusters.awaitConnectorRunning("restarts", 2, Duration.ofSeconds(60));
            awaitProgress("restarts");
            clusters.connect().pauseConnector("restarts");
            Waits.until("'restarts' paused", Duration.ofSeconds(30),
                () -> "PAUSED".equals(clusters.connect().connectorStatus("restarts").connector().state()));
            clusters.connect().resumeConnector("restarts");
            clusters.awaitConnectorRunning("restarts", 2, Duration.ofSeconds(60));
            awaitProgress("restarts");
        } finally {
            traffic.stop();
        }
        assertExact("restarts");
        clusters.connect().deleteConnector("restarts");
    }

    @Test
    void workersJoiningAndLeavingMidStreamLoseNothing() {
        clusters.createSourceTopic("rebalance", 6, Map.of());
        clusters.connect().configureConnector("rebalance", MirrorConnectors.eastToWest(clusters, "rebalance", 3));
        clusters.awaitConnectorRunning("rebalance", 3, Duration.ofSeconds(60));
        BackgroundProduction traffic = producer.produceInBackground(List.of("rebalance"), 6, 2_000);
        try {
            awaitProgress("rebalance");
            WorkerHandle joined = clusters.connect().addWorker();
            Waits.until("3 workers up", Duration.ofSeconds(60), () -> clusters.connect().healthyWorkers().size() == 3);
            awaitProgress("rebalance");
            clusters.connect().removeWorker(joined);
            Waits.until("2 workers up", Duration.ofSeconds(60), () -> clusters.connect().healthyWorkers().size() == 2);
            clusters.awaitConnectorRunning("rebalance", 3, Duration.ofSeconds(60));
            awaitProgress("rebalance");
        } finally {
            traffic.stop();
        }
        assertExact("rebalance");
        clusters.connect().deleteConnector("rebalance");
    }
}
