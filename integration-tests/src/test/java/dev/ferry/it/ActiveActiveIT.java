package dev.ferry.it;

import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.OracleProducer;
import dev.ferry.testkit.ReplicationChecker;
import dev.ferry.testkit.ReplicationReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two connectors mirroring in opposite directions between east and west. The west-to-east connector
 * runs on the same Connect cluster and writes to east through producer.override.bootstrap.servers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActiveActiveIT {

    private static final Duration COPY_TIMEOUT = Duration.ofSeconds(90);
    private static final String PROVENANCE = "ferry.origin";

    private FerryClusters clusters;
    private OracleProducer onEast;
    private OracleProducer onWest;

    @BeforeAll
    void startClusters() {
        clusters = FerryClusters.builder().workers(1).build();
        clusters.start();
        onEast = OracleProducer.start(clusters.source(), "aa-east");
        onWest = OracleProducer.start(clusters.target(), "aa-west");
    }

    @AfterAll
    void stopClusters() {
        onEast.close();
        onWest.close();
        clusters.close();
    }

    private Map<String, String> westToEast(String topics, String policyClass) {
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, topics, 1);
        config.put("source.cluster.alias", "west");
        config.put("target.cluster.alias", "east");
        config.put("source.cluster.bootstrap.servers", clusters.targetBootstrap());
        config.put("target.cluster.bootstrap.servers", clusters.sourceBootstrap());
        config.put("producer.override.bootstrap.servers", clusters.sourceBootstrap());
        config.put("replication.policy.class", policyClass);
        return config;
    }

    @Test
    void identityPolicyInBothDirectionsStaysFinite() throws Exception {
        String identity = "dev.ferry.common.IdentityReplicationPolicy";
        clusters.createSourceTopic("shared", 2, Map.of());
        clusters.createTargetTopic("shared", 2, Map.of());
        for (int p = 0; p < 2; p++) {
            onEast.produce("shared", p, 200);
            onWest.produce("shared", p, 150);
        }
        Map<String, String> eastToWest = MirrorConnectors.eastToWest(clusters, "shared", 1);
        eastToWest.put("replication.policy.class", identity);
        clusters.connect().configureConnector("aa-e2w", eastToWest);
        clusters.connect().configureConnector("aa-w2e", westToEast("shared", identity));
        clusters.awaitConnectorRunning("aa-e2w", 1, Duration.ofSeconds(60));
        clusters.awaitConnectorRunning("aa-w2e", 1, Duration.ofSeconds(60));

        ReplicationChecker checker = ReplicationChecker.create().ignoringHeaders(PROVENANCE);
        assertEachRecordOnce(checker.awaitExact(clusters.target(), "shared", "shared", onEast, COPY_TIMEOUT));
        assertEachRecordOnce(checker.awaitExact(clusters.source(), "shared", "shared", onWest, COPY_TIMEOUT));

        // Sentinels written after every echo landed: once they are copied, each connector has read past
        // all echoes of its partitions, so any loop would already show as duplicates.
        for (int p = 0; p < 2; p++) {
            onEast.produce("shared", p, 1);
            onWest.produce("shared", p, 1);
        }
        List<ReplicationReport> reports = List.of(
            checker.awaitExact(clusters.target(), "shared", "shared", onEast, COPY_TIMEOUT),  // east's records copied to west
            checker.awaitExact(clusters.source(), "shared", "shared", onWest, COPY_TIMEOUT),  // west's records copied to east
            checker.read(clusters.target(), "shared", "shared", onWest),                      // west's own: none echoed back
            checker.read(clusters.source(), "shared", "shared", onEast));                     // east's own: none echoed back
        reports.forEach(ActiveActiveIT::assertEachRecordOnce);
        assertEquals(2 * (201 + 151), totalRecords(clusters.target(), "shared"));
        assertEquals(2 * (201 + 151), totalRecords(clusters.source(), "shared"));
        clusters.connect().deleteConnector("aa-e2w");
        clusters.connect().deleteConnector("aa-w2e");
    }

    @Test
    void prefixPolicyNeverSendsATopicBackToWhereItCameFrom() {
        String prefix = "dev.ferry.common.PrefixReplicationPolicy";
        clusters.createSourceTopic("ledger", 1, Map.of());
        clusters.createTargetTopic("ledger", 1, Map.of());
        onEast.produce("ledger", 0, 50);
        onWest.produce("ledger", 0, 40);
        clusters.connect().configureConnector("pp-e2w", MirrorConnectors.eastToWest(clusters, "ledger|.*\\.ledger", 1));
        ReplicationChecker checker = ReplicationChecker.create();
        assertTrue(checker.awaitExact(clusters.target(), "east.ledger", "ledger", onEast, COPY_TIMEOUT).isExact());

        clusters.connect().configureConnector("pp-w2e", westToEast("ledger|.*\\.ledger", prefix));
        assertTrue(checker.awaitExact(clusters.source(), "west.ledger", "ledger", onWest, COPY_TIMEOUT).isExact());
        // west's scan that created west.ledger on east also saw east.ledger on west, and left it alone
        assertTrue(clusters.source().describeTopics("west.east.ledger").get("west.east.ledger").isEmpty());
        assertTrue(clusters.target().describeTopics("east.west.ledger").get("east.west.ledger").isEmpty());
        clusters.connect().deleteConnector("pp-e2w");
        clusters.connect().deleteConnector("pp-w2e");
    }

    /** Each topic also holds the other cluster's records (foreign to the report); for this run's own, exact. */
    private static void assertEachRecordOnce(ReplicationReport report) {
        assertEquals(report.expected(), report.seen(), report.toString());
        assertEquals(0, report.lost() + report.duplicated() + report.outOfOrder() + report.mismatched() + report.unexpected(),
            report.toString());
    }

    private static long totalRecords(org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster cluster, String topic) throws Exception {
        return cluster.consumeAll(30_000, topic).count();
    }
}
