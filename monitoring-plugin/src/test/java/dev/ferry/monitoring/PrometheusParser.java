package dev.ferry.monitoring;

import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads Prometheus text with a third-party parser of the format (Hawkular's prometheus-scraper). */
final class PrometheusParser {

    private PrometheusParser() {
    }

    static Map<String, MetricFamily> parse(String text) throws IOException {
        Map<String, MetricFamily> families = new LinkedHashMap<>();
        TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
            if (families.put(family.getName(), family) != null) {
                throw new AssertionError("metric family " + family.getName() + " appears twice");
            }
        }
        return families;
    }

    static double value(Metric metric) {
        if (metric instanceof Gauge gauge) {
            return gauge.getValue();
        }
        if (metric instanceof Counter counter) {
            return counter.getValue();
        }
        throw new AssertionError("unexpected metric kind " + metric.getClass().getSimpleName() + " for " + metric.getName());
    }
}
