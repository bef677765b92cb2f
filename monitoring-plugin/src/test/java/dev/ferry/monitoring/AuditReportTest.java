package dev.ferry.monitoring;

import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.common.wire.PartitionProgress.AuditWindow;
import dev.ferry.monitoring.ReplicationView.AuditWindowView;
import org.apache.kafka.common.TopicPartition;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuditReportTest {

    private static PartitionProgress report(int partition, long at, PartitionProgress.Audit audit) {
        return new PartitionProgress("east-to-west", new TopicPartition("orders", partition), "east", "west", "east.orders", 0, at,
            Reports.T0, 100, at, 100, 99, at - 10, 100, 10_000, PartitionProgress.Latency.NONE, audit);
    }

    @Test
    void sumsTheLatestReportOfEachPartitionWindowByWindow() {
        PartitionProgress.Audit stale = new PartitionProgress.Audit(60_000, List.of(new AuditWindow(0, 1, 0)), 0, 0);
        PartitionProgress.Audit p0 = new PartitionProgress.Audit(60_000,
            List.of(new AuditWindow(0, 40, 40), new AuditWindow(60_000, 30, 25)), 5, 5);
        PartitionProgress.Audit p1 = new PartitionProgress.Audit(60_000, List.of(new AuditWindow(60_000, 10, 10)), 0, 0);
        List<AuditWindowView> windows = AuditReport.windows(List.of(List.of(report(0, 1, stale), report(0, 2, p0)),
            List.of(report(1, 2, p1)), List.of(report(2, 2, PartitionProgress.Audit.NONE))));
        assertEquals(List.of(new AuditWindowView(0, 60_000, 40, 40, 0), new AuditWindowView(60_000, 60_000, 40, 35, 5)), windows);
    }

    @Test
    void servedPerTopicAndInPrometheus() throws Exception {
        PartitionProgress.Audit audit = new PartitionProgress.Audit(60_000, List.of(new AuditWindow(0, 12, 9)), 0, 0);
        long now = 10_000;
        ReplicationView view = new ReplicationReport(5).build(List.of(ReplicationReportTest.MIRROR),
            Map.of(new PartitionKey("east-to-west", new TopicPartition("orders", 0)), List.of(report(0, now - 1000, audit))), now);
        assertEquals(List.of(new AuditWindowView(0, 60_000, 12, 9, 3)), view.connectors().get(0).topics().get(0).audit());
        Map<String, MetricFamily> families = PrometheusParser.parse(PrometheusText.write(view, new GroupsView(now, List.of()), Map.of()));
        assertEquals(3.0, PrometheusParser.value(PrometheusTextTest.find(families, PrometheusText.AUDIT_UNACKNOWLEDGED,
            Map.of("topic", "orders")).orElseThrow()));
    }
}
