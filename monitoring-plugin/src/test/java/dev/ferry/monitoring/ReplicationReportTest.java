package dev.ferry.monitoring;

import dev.ferry.common.PrefixReplicationPolicy;
import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.monitoring.ReplicationView.ConnectorView;
import dev.ferry.monitoring.ReplicationView.PartitionView;
import dev.ferry.monitoring.ReplicationView.TopicView;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicationReportTest {

    static final FerryConnector MIRROR = new FerryConnector("east-to-west", FerryConnector.Kind.MIRROR, "east", "west",
        "ferry-progress.internal", new PrefixReplicationPolicy(), Reports.INTERVAL);

    private final ReplicationReport report = new ReplicationReport(5);

    static Map<PartitionKey, List<PartitionProgress>> histories(Reports... reports) {
        Map<PartitionKey, List<PartitionProgress>> map = new HashMap<>();
        for (Reports r : reports) {
            List<PartitionProgress> list = r.list();
            map.put(new PartitionKey(list.get(0).connector(), list.get(0).source()), list);
        }
        return map;
    }

    @Test
    void rollsPartitionsUpIntoTopicsAndConnectors() {
        Reports healthy = Reports.of("orders", 0).task(0);
        Reports stuck = Reports.of("orders", 1).task(1);
        Reports other = Reports.of("payments", 0).task(1);
        for (int i = 1; i <= 13; i++) {
            healthy.report(500L * i, 500L * i, 500);           // 100/s, caught up
            stuck.report(1000 + 100L * i, 1000, i == 1 ? 1000 : 0); // stuck at 1000 while the source grows
            other.report(50L * i, 50L * i - 5, 50);            // 10/s, lag 5
        }
        long now = healthy.lastReportAt() + 1000;
        ReplicationView view = report.build(List.of(MIRROR), histories(healthy, stuck, other), now);

        assertEquals(1, view.connectors().size());
        ConnectorView connector = view.connectors().get(0);
        assertEquals("east-to-west", connector.name());
        assertEquals("east", connector.sourceAlias());
        assertEquals(HealthStatus.STALLED, connector.status());
        assertEquals(List.of("orders", "payments"), connector.topics().stream().map(TopicView::topic).toList());
        assertEquals(1300 + 5, connector.lagRecords());
        assertEquals(110.0, connector.recordsPerSec1m(), 1e-6);

        TopicView orders = connector.topics().get(0);
        assertEquals("east.orders", orders.remoteTopic());
        assertEquals(HealthStatus.STALLED, orders.status());
        assertEquals(1300, orders.lagRecords());
        assertEquals(100.0, orders.recordsPerSec1m(), 1e-6);
        assertEquals(10_000.0, orders.bytesPerSec1m(), 1e-6);
        assertEquals(150, orders.latencyMs().max());
        assertFalse(orders.history().isEmpty());
        assertTrue(orders.history().stream().allMatch(p -> p.atMs() <= now && p.atMs() > now - ReplicationReport.FIVE_MINUTES_MS));
        assertEquals(1300, orders.history().get(orders.history().size() - 1).lagRecords());

        PartitionView p0 = orders.partitions().get(0);
        assertEquals(HealthStatus.OK, p0.status());
        assertEquals(0, p0.task());
        assertEquals(0.0, p0.lagSeconds(), 1e-9);
        assertEquals(1000, p0.lastReportAgeMs());
        PartitionView p1 = orders.partitions().get(1);
        assertEquals(HealthStatus.STALLED, p1.status());
        assertEquals(1, p1.task());
        assertEquals(1000, p1.nextOffset());
        assertEquals(2300, p1.sourceLogEndOffset());
        assertEquals(999, p1.lastDownstreamOffset());
        assertTrue(p1.lagSeconds() > 0, "lag seconds " + p1.lagSeconds());

        TopicView payments = connector.topics().get(1);
        assertEquals(HealthStatus.OK, payments.status());
        assertEquals(10.0, payments.recordsPerSec1m(), 1e-6);
    }

    @Test
    void showsOnlyReportsOfExistingMirrorConnectors() {
        Reports deleted = new Reports("gone", "orders", 0).report(10, 10, 10);
        Reports live = Reports.of("orders", 0).report(10, 10, 10);
        FerryConnector checkpoints = new FerryConnector("cp", FerryConnector.Kind.CHECKPOINT, "east", "west",
            "ferry-checkpoints.east.internal", new PrefixReplicationPolicy(), Reports.INTERVAL);
        ReplicationView view = report.build(List.of(MIRROR, checkpoints), histories(deleted, live), live.lastReportAt());
        assertEquals(List.of("east-to-west"), view.connectors().stream().map(ConnectorView::name).toList());
    }

    @Test
    void connectorWithoutReportsIsListedEmpty() {
        ReplicationView view = report.build(List.of(MIRROR), Map.of(), Reports.T0);
        assertEquals(0, view.connectors().get(0).topics().size());
        assertEquals(HealthStatus.OK, view.connectors().get(0).status());
    }
}
