package dev.ferry.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Prometheus scrape config and Grafana dashboard in config-examples parse and use only metric names Ferry writes. */
class ConfigExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "config-examples");
    private static final Pattern METRIC = Pattern.compile("\\b(ferry_[a-z0-9_]+)\\b");

    @Test
    void prometheusScrapesTheMetricsEndpoint() throws Exception {
        JsonNode config = new YAMLMapper().readTree(Files.readString(EXAMPLES.resolve("prometheus/prometheus.yml")));
        JsonNode job = config.get("scrape_configs").get(0);
        assertEquals("/ferry/v1/metrics", job.get("metrics_path").asText());
        assertTrue(job.get("static_configs").get(0).get("targets").size() > 0);
    }

    @Test
    void grafanaDashboardQueriesOnlyExportedMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(EXAMPLES.resolve("grafana/ferry-dashboard.json")));
        List<String> expressions = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText())));
        dashboard.get("templating").get("list").forEach(variable -> {
            if (variable.has("query") && variable.get("query").isTextual()) {
                expressions.add(variable.get("query").asText());
            }
        });
        Set<String> referenced = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                referenced.add(matcher.group(1));
            }
        }
        assertFalse(referenced.isEmpty(), "the dashboard references no Ferry metric");
        Set<String> unknown = new TreeSet<>(referenced);
        unknown.removeAll(PrometheusText.METRIC_NAMES);
        assertEquals(Set.of(), unknown, "metrics the dashboard uses but the exporter does not write");
        assertTrue(referenced.contains("ferry_replication_lag_records") && referenced.contains("ferry_group_status"), referenced.toString());
    }
}
