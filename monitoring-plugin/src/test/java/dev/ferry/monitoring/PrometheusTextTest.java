package dev.ferry.monitoring;

import dev.ferry.monitoring.GroupsView.GroupPartitionView;
import dev.ferry.monitoring.GroupsView.GroupView;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusTextTest {

    private static final String ODD_GROUP = "billing \"eu\"\\west\nnight";

    private static ReplicationView replication() {
        Reports p0 = Reports.of("orders", 0);
        Reports p1 = Reports.of("orders", 1);
        for (int i = 1; i <= 13; i++) {
            p0.report(500L * i, 500L * i, 500);
            p1.report(1000 + 100L * i, 1000, i == 1 ? 1000 : 0);
        }
        return new ReplicationReport(5)
            .build(List.of(ReplicationReportTest.MIRROR), ReplicationReportTest.histories(p0, p1), p0.lastReportAt() + 1000);
    }

    private static GroupsView groups() {
        return new GroupsView(Reports.T0, List.of(new GroupView(ODD_GROUP, "east", "west", "ferry-checkpoints.east.internal",
            GroupsView.Readiness.READY, 2000, List.of(new GroupPartitionView("orders", "east.orders", 0, 42L, 40L, "EXACT", null, 50L,
                10L, 2000, 0L, 7L)))));
    }

    @Test
    void realParserReadsEveryFamilyWithHelpTypeAndFigures() throws Exception {
        String text = PrometheusText.write(replication(), groups(), Map.of("ferry-progress.internal", 3L));
        Map<String, MetricFamily> families = PrometheusParser.parse(text);

        assertEquals(PrometheusText.METRIC_NAMES, families.keySet());
        families.values().forEach(f -> assertTrue(f.getHelp() != null && !f.getHelp().isBlank(), f.getName() + " has no HELP"));
        assertEquals(MetricType.COUNTER, families.get(PrometheusText.UNPARSEABLE).getType());
        assertEquals(MetricType.GAUGE, families.get("ferry_replication_lag_records").getType());

        Metric lagP1 = find(families, "ferry_replication_lag_records", Map.of("partition", "1")).orElseThrow();
        assertEquals(Map.of("connector", "east-to-west", "source", "east", "target", "west", "topic", "orders", "partition", "1"),
            lagP1.getLabels());
        assertEquals(1300.0, PrometheusParser.value(lagP1));
        assertEquals(100.0, PrometheusParser.value(find(families, "ferry_replication_records_per_second_1m",
            Map.of("partition", "0")).orElseThrow()), 1e-6);
        assertEquals(1.0, PrometheusParser.value(find(families, PrometheusText.PARTITION_STATUS,
            Map.of("partition", "1", "status", "STALLED")).orElseThrow()));
        assertEquals(0.0, PrometheusParser.value(find(families, PrometheusText.PARTITION_STATUS,
            Map.of("partition", "1", "status", "OK")).orElseThrow()));
        assertEquals(1.0, PrometheusParser.value(find(families, PrometheusText.CONNECTOR_STATUS,
            Map.of("status", "STALLED")).orElseThrow()));
        assertEquals(3.0, PrometheusParser.value(find(families, PrometheusText.UNPARSEABLE,
            Map.of("topic", "ferry-progress.internal")).orElseThrow()));
    }

    @Test
    void labelValuesAreEscapedAndReadBackUnchanged() throws Exception {
        String text = PrometheusText.write(replication(), groups(), Map.of());
        assertTrue(text.contains("group=\"billing \\\"eu\\\"\\\\west\\nnight\""), text);
        Map<String, MetricFamily> families = PrometheusParser.parse(text);
        Metric ready = find(families, PrometheusText.GROUP_STATUS, Map.of("status", "READY")).orElseThrow();
        assertEquals(1.0, PrometheusParser.value(ready));
        assertEquals(40.0, PrometheusParser.value(find(families, "ferry_group_translated_offset", Map.of()).orElseThrow()));
        Metric skips = find(families, "ferry_group_failover_skips", Map.of()).orElseThrow();
        assertEquals(Map.of("group", ODD_GROUP, "source", "east", "target", "west", "topic", "orders", "partition", "0"), skips.getLabels());
        assertEquals(7.0, PrometheusParser.value(skips));
        assertEquals(0.0, PrometheusParser.value(find(families, "ferry_group_failover_rereads", Map.of()).orElseThrow()));
    }

    @Test
    void unknownFiguresAreLeftOut() throws Exception {
        // The group has no committed offset on the target: no sample rather than a fake -1.
        Map<String, MetricFamily> families = PrometheusParser.parse(PrometheusText.write(replication(), groups(), Map.of()));
        assertTrue(families.get("ferry_group_target_committed_offset").getMetrics().isEmpty());
        assertEquals(1, families.get("ferry_group_lag_on_target").getMetrics().size());
    }

    @Test
    void numbersAndHelpFollowTheFormat() {
        assertEquals("12", PrometheusText.number(12.0));
        assertEquals("0.5", PrometheusText.number(0.5));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
        assertEquals("a\\\\b\\nc \"q\"", PrometheusText.escapeHelp("a\\b\nc \"q\""));
    }

    static Optional<Metric> find(Map<String, MetricFamily> families, String name, Map<String, String> labels) {
        MetricFamily family = families.get(name);
        if (family == null) {
            throw new AssertionError("no metric family " + name);
        }
        return family.getMetrics().stream()
            .filter(m -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(m.getLabels().get(e.getKey()))))
            .findFirst();
    }
}
