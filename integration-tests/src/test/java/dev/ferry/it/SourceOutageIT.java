package dev.ferry.it;

import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.Waits;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A source cluster that goes away mid-run: the status says so within 30 s, and nothing is lost after it returns. */
class SourceOutageIT extends MirrorClustersIT {

    @Test
    void statusNamesTheUnreachableSourceAndCopyingResumesByItselfWithoutLoss() {
        clusters.createSourceTopic("outage", 2, Map.of());
        producer.produce("outage", 0, 200);
        producer.produce("outage", 1, 200);
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "outage", 1);
        config.put("source.unreachable.timeout.ms", "5000");
        config.put("refresh.topics.interval.ms", "1000");
        clusters.connect().configureConnector("outage", config);
        assertTrue(CHECKER.awaitExact(clusters.target(), "east.outage", "outage", producer, Duration.ofSeconds(60)).isExact());

        long down = System.nanoTime();
        clusters.source().stopOnlyBrokers();
        ConnectorStateInfo failed = Waits.untilValue("the task to report the source unreachable", Duration.ofSeconds(30),
            () -> clusters.connect().connectorStatus("outage"),
            info -> !info.tasks().isEmpty() && "FAILED".equals(info.tasks().get(0).state()));
        long reportedAfterMs = Duration.ofNanos(System.nanoTime() - down).toMillis();
        String trace = failed.tasks().get(0).trace();
        assertTrue(trace.contains("source cluster 'east'") && trace.contains("unreachable"), trace);
        assertTrue(reportedAfterMs < 30_000, "reported after " + reportedAfterMs + " ms");

        clusters.source().restartOnlyBrokers();
        // no REST call: the connector restarts its failed task once it reaches the source again
        Waits.until("the task to run again by itself", Duration.ofSeconds(60), () -> {
            ConnectorStateInfo status = clusters.connect().connectorStatus("outage");
            return "RUNNING".equals(status.connector().state()) && status.tasks().size() == 1
                && "RUNNING".equals(status.tasks().get(0).state());
        });
        producer.produce("outage", 0, 100);
        producer.produce("outage", 1, 100);
        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east.outage", "outage", producer, Duration.ofSeconds(60));
        assertTrue(report.isExact(), report.toString());
        clusters.connect().deleteConnector("outage");
    }

    /**
     * The connector itself starts while the source is down (as when it moves to another worker): its start waits
     * for the source, and once that is back the task that failed meanwhile must still be restarted (found by the soak).
     */
    @Test
    void aTaskThatFailedWhileTheConnectorRestartedDuringTheOutageResumesByItself() {
        clusters.createSourceTopic("outage-moved", 1, Map.of());
        producer.produce("outage-moved", 0, 100);
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "outage-moved", 1);
        config.put("source.unreachable.timeout.ms", "5000");
        clusters.connect().configureConnector("outage-moved", config);
        assertTrue(CHECKER.awaitExact(clusters.target(), "east.outage-moved", "outage-moved", producer, Duration.ofSeconds(60)).isExact());

        clusters.source().stopOnlyBrokers();
        CompletableFuture<Void> restart;
        try {
            Waits.until("the task to report the source unreachable", Duration.ofSeconds(30), () -> {
                ConnectorStateInfo status = clusters.connect().connectorStatus("outage-moved");
                return !status.tasks().isEmpty() && "FAILED".equals(status.tasks().get(0).state());
            });
            // the REST call returns once the connector's start does, i.e. once the source is back
            restart = CompletableFuture.runAsync(() -> clusters.connect().restartConnector("outage-moved"));
            long restarted = System.nanoTime();
            Waits.until("the restarted connector to be starting", Duration.ofSeconds(10),
                () -> Duration.ofNanos(System.nanoTime() - restarted).toSeconds() >= 2);
        } finally {
            clusters.source().restartOnlyBrokers();
        }
        restart.join();
        Waits.until("the task to run again by itself", Duration.ofSeconds(60), () -> {
            ConnectorStateInfo status = clusters.connect().connectorStatus("outage-moved");
            return "RUNNING".equals(status.connector().state()) && status.tasks().size() == 1
                && "RUNNING".equals(status.tasks().get(0).state());
        });
        producer.produce("outage-moved", 0, 100);
        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east.outage-moved", "outage-moved", producer, Duration.ofSeconds(60));
        assertTrue(report.isExact(), report.toString());
        clusters.connect().deleteConnector("outage-moved");
    }
}
