package dev.ferry.quickstart;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * The quickstart's live line, from what Ferry's monitoring extension serves (the dashboard's own figures):
 * the mirror connector's health, lag, copy rate and worst p99 latency from {@code /ferry/v1/replication}, and
 * whether consumer groups could fail over now from {@code /ferry/v1/groups}.
 */
final class LiveLine {

    static final String LAG_LINE_MARK = "  lag ";

    private LiveLine() {
    }

    /**
     * @param connectorState the mirror connector's state from the Connect REST API (RUNNING, FAILED, ...)
     * @param replication    the answer of {@code GET /ferry/v1/replication}
     * @param groups         the answer of {@code GET /ferry/v1/groups}
     * @param mirror         the mirror connector's name
     */
    static String format(String connectorState, JsonNode replication, JsonNode groups, String mirror) {
        JsonNode connector = null;
        for (JsonNode candidate : replication.path("connectors")) {
            if (candidate.path("name").asText().equals(mirror)) {
                connector = candidate;
            }
        }
        if (connector == null || connector.path("topics").isEmpty()) {
            return mirror + " " + connectorState + "  waiting for the first progress report of its tasks";
        }
        long worstP99 = -1;
        for (JsonNode topic : connector.path("topics")) {
            worstP99 = Math.max(worstP99, topic.path("latencyMs").path("p99").asLong(-1));
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
            "%s %s/%s  topics %d" + LAG_LINE_MARK + "%,d records (%.1f s)  copy rate %,.0f records/s  latency p99 %s",
            mirror, connectorState, connector.path("status").asText(), connector.path("topics").size(),
            connector.path("lagRecords").asLong(), connector.path("lagSeconds").asDouble(),
            connector.path("recordsPerSec1m").asDouble(), worstP99 < 0 ? "-" : worstP99 + " ms"));
        JsonNode all = groups.path("groups");
        if (all.size() == 1) {
            line.append("  group ").append(all.get(0).path("group").asText()).append(' ').append(all.get(0).path("status").asText());
        } else if (all.size() > 1) {
            int ready = 0;
            for (JsonNode group : all) {
                ready += "READY".equals(group.path("status").asText()) ? 1 : 0;
            }
            line.append(String.format(Locale.ROOT, "  groups READY to fail over %d/%d", ready, all.size()));
        }
        return line.toString();
    }
}
