package dev.ferry.it;

import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.Waits;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What mirror tasks publish for monitoring, read back as a reader would: the progress topic on the
 * target (parsed with the wire format) and the task metrics over JMX.
 */
class ProgressIT extends MirrorClustersIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Map<String, String> connector(String topics) {
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, topics, 1);
        config.put("progress.interval.ms", "500");
        return config;
    }

    private ProgressReports reports() {
        return new ProgressReports(clusters.target().createConsumer(Map.of()));
    }

    @Test
    void theProgressTopicHoldsAReportPerPartitionMatchingTheCopies() {
        clusters.createSourceTopic("progress-orders", 3, Map.of());
        long[] produced = {1_000, 700, 300};
        for (int p = 0; p < 3; p++) {
            producer.produce("progress-orders", p, produced[p]);
        }
        clusters.connect().configureConnector("progress-check", connector("progress-orders"));
        ReplicationReport copied = CHECKER.awaitExact(clusters.target(), "east.progress-orders", "progress-orders", producer, TIMEOUT);
        assertTrue(copied.isExact(), copied.toString());

        try (ProgressReports reports = reports()) {
            for (int p = 0; p < 3; p++) {
                TopicPartition source = new TopicPartition("progress-orders", p);
                long count = produced[p];
                PartitionProgress latest = Waits.untilValue("a report of " + source + " with everything copied", TIMEOUT,
                    () -> reports.poll().latest("progress-check", source),
                    report -> report != null && report.recordsCopied() == count && report.lagRecords() == 0);
                assertEquals(count, latest.nextOffset());
                assertEquals(count, latest.sourceLogEndOffset());
                assertEquals(count - 1, latest.lastDownstreamOffset(), "the remote topic was empty, so offsets match");
                assertEquals("east", latest.sourceAlias());
                assertEquals("west", latest.targetAlias());
                assertEquals("east.progress-orders", latest.remoteTopic());
                assertEquals(0, latest.taskId());
                assertTrue(latest.bytesCopied() > 0 && latest.lastRecordTimestampMs() > 0, latest.toString());
                // every acknowledged copy is in exactly one report's latency summary
                List<PartitionProgress> sameRun = reports.all("progress-check", source).stream()
                    .filter(report -> report.taskStartedAtMs() == latest.taskStartedAtMs()).toList();
                assertEquals(count, sameRun.stream().mapToLong(report -> report.latency().count()).sum());
                assertTrue(sameRun.stream().anyMatch(report -> report.latency().count() > 0
                    && report.latency().p50Ms() >= 0 && report.latency().p50Ms() <= report.latency().p99Ms()
                    && report.latency().p99Ms() <= report.latency().maxMs()), sameRun.toString());
            }
        }
        assertTrue(Jmx.metric("kafka.connect:type=plugins,connector=progress-check,*", "progress-reports-sent-total").orElse(0) > 0);
        assertEquals(0.0, Jmx.metric("kafka.connect:type=plugins,connector=progress-check,*", "progress-reports-failed-total").orElse(-1));
        clusters.connect().deleteConnector("progress-check");
    }

    @Test
    void lagRisesWhileTheConnectorIsPausedAndReturnsToZeroAfterResume() {
        clusters.createSourceTopic("paused-orders", 1, Map.of());
        producer.produce("paused-orders", 0, 200);
        clusters.connect().configureConnector("pausing", connector("paused-orders"));
        TopicPartition source = new TopicPartition("paused-orders", 0);
        try (ProgressReports reports = reports()) {
            Waits.until("200 records copied, lag 0 in progress and metrics", TIMEOUT, () -> {
                PartitionProgress latest = reports.poll().latest("pausing", source);
                return latest != null && latest.nextOffset() == 200 && latest.lagRecords() == 0
                    && metric("lag-records") == 0 && metric("lag-seconds") == 0;
            });

            clusters.connect().pauseConnector("pausing");
            Waits.until("'pausing' paused", Duration.ofSeconds(30),
                () -> "PAUSED".equals(clusters.connect().connectorStatus("pausing").tasks().get(0).state()));
            producer.produce("paused-orders", 0, 500);
            PartitionProgress behind = Waits.untilValue("lag of 500 records in the progress topic", TIMEOUT,
                () -> reports.poll().latest("pausing", source), report -> report != null && report.lagRecords() == 500);
            assertEquals(200, behind.nextOffset(), "nothing copied while paused");
            assertEquals(700, behind.sourceLogEndOffset());
            Waits.until("lag of 500 records and growing lag-seconds in the metrics", TIMEOUT,
                () -> metric("lag-records") == 500 && metric("lag-seconds") >= 2);

            clusters.connect().resumeConnector("pausing");
            PartitionProgress caughtUp = Waits.untilValue("lag 0 in the progress topic after resume", TIMEOUT,
                () -> reports.poll().latest("pausing", source), report -> report != null && report.lagRecords() == 0
                    && report.nextOffset() == 700);
            assertEquals(699, caughtUp.lastDownstreamOffset());
            Waits.until("lag 0 in the metrics after resume", TIMEOUT, () -> metric("lag-records") == 0 && metric("lag-seconds") == 0);
        }
        assertTrue(CHECKER.awaitExact(clusters.target(), "east.paused-orders", "paused-orders", producer, TIMEOUT).isExact());
        clusters.connect().deleteConnector("pausing");
    }

    private static double metric(String name) {
        return Jmx.partitionMetric("pausing", "paused-orders", 0, name).orElse(-99);
    }
}
