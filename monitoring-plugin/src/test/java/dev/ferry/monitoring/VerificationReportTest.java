package dev.ferry.monitoring;

import dev.ferry.common.wire.VerificationResult;
import dev.ferry.monitoring.ReplicationView.TopicView;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class VerificationReportTest {

    private static Reports caughtUp(String topic) {
        Reports reports = Reports.of(topic, 0);
        for (int i = 1; i <= 6; i++) {
            reports.report(100L * i, 100L * i, 100);
        }
        return reports;
    }

    private static VerificationResult result(String connector, String topic, String source, long reportedAt, long samples,
                                             VerificationResult.Mismatch mismatch) {
        return new VerificationResult(connector, topic, source, "west", source + "." + topic, reportedAt, Reports.T0, samples,
            mismatch == null ? 0 : 3, mismatch);
    }

    private static ReplicationView build(long now, VerificationResult... results) {
        return new ReplicationReport(5).build(List.of(ReplicationReportTest.MIRROR),
            ReplicationReportTest.histories(caughtUp("orders"), caughtUp("payments")), new VerificationReport(List.of(results)), now);
    }

    private static TopicView topic(ReplicationView view, String name) {
        return view.connectors().get(0).topics().stream().filter(t -> t.topic().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aRecentMismatchMakesItsTopicErrAndNamesBothOffsets() {
        Reports probe = caughtUp("orders");
        long now = probe.lastReportAt() + 1000;
        ReplicationView view = build(now,
            result("cp", "orders", "east", now - 2000, 40, new VerificationResult.Mismatch(0, 650, 550, now - 3000,
                VerificationResult.KEY | VerificationResult.VALUE)),
            result("cp", "payments", "east", now - 2000, 25, null),
            result("other-flow", "orders", "north", now - 1000, 99, null));

        TopicView orders = topic(view, "orders");
        assertEquals(HealthStatus.ERR, orders.status());
        assertEquals(HealthStatus.ERR, view.connectors().get(0).status());
        assertEquals(40, orders.verification().samplesChecked());
        assertEquals(3, orders.verification().mismatches());
        assertEquals(new ReplicationView.MismatchView(0, 650, "east.orders", 550, "key,value", now - 3000, 3000),
            orders.verification().lastMismatch());
        assertEquals(2000, orders.verification().reportAgeMs());

        TopicView payments = topic(view, "payments");
        assertEquals(HealthStatus.OK, payments.status());
        assertEquals(25, payments.verification().samplesChecked());
        assertNull(payments.verification().lastMismatch());
    }

    @Test
    void anOldMismatchNoLongerMakesItErrAndUnverifiedTopicsHaveNoVerification() {
        long now = caughtUp("orders").lastReportAt() + 1000;
        ReplicationView view = build(now, result("cp", "orders", "east", now, 4000,
            new VerificationResult.Mismatch(0, 1, 1, now - VerificationReport.MISMATCH_HOLD_MS - 1, VerificationResult.MISSING)));
        assertEquals(HealthStatus.OK, topic(view, "orders").status());
        assertEquals(3, topic(view, "orders").verification().mismatches());
        assertNull(topic(view, "payments").verification());
    }

    @Test
    void theLatestResultWinsWhenTwoConnectorsVerifyOneFlow() {
        long now = caughtUp("orders").lastReportAt() + 1000;
        ReplicationView view = build(now, result("old", "orders", "east", now - 60_000, 7, null),
            result("new", "orders", "east", now - 1_000, 8, null));
        assertEquals("new", topic(view, "orders").verification().connector());
    }

    @Test
    void prometheusCountersPerTopic() throws Exception {
        long now = caughtUp("orders").lastReportAt() + 1000;
        ReplicationView view = build(now, result("cp", "orders", "east", now, 40,
            new VerificationResult.Mismatch(0, 650, 550, now, VerificationResult.TIMESTAMP)));
        Map<String, MetricFamily> families = PrometheusParser.parse(PrometheusText.write(view,
            new GroupsView(now, List.of()), Map.of()));
        assertEquals(MetricType.COUNTER, families.get(PrometheusText.VERIFICATION_MISMATCHES).getType());
        Map<String, String> orders = Map.of("connector", "east-to-west", "topic", "orders");
        assertEquals(40.0, PrometheusParser.value(PrometheusTextTest.find(families, PrometheusText.VERIFICATION_SAMPLES, orders)
            .orElseThrow()));
        assertEquals(3.0, PrometheusParser.value(PrometheusTextTest.find(families, PrometheusText.VERIFICATION_MISMATCHES, orders)
            .orElseThrow()));
        assertEquals(1, families.get(PrometheusText.VERIFICATION_SAMPLES).getMetrics().size(), "payments is not verified");
    }
}
