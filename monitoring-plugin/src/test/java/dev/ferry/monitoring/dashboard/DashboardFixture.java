package dev.ferry.monitoring.dashboard;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON the dashboard reads, in the shapes of {@code /ferry/v1/replication} and {@code /ferry/v1/groups},
 * with distinctive figures that change with every poll, and the table rows the page must show for them.
 *
 * <p>Names carry markup on purpose (connector and group names are free text): the page must show it as text.
 * Some fields are null, -1 or missing: the page must show "–" for them and keep going.
 */
final class DashboardFixture {

    static final String CONNECTOR = "east-to-west <i>prod</i>";
    static final String GROUP = "billing <b>eu</b>";
    static final String ORDERS = "east.orders";
    static final String PAYMENTS = "east.payments";
    /** Samples in the orders topic's server-side history; the payments topic has no history field at all. */
    static final int ORDERS_HISTORY = 5;

    private static final long BASE_MS = 1_764_100_000_000L;
    private static final long MIB = 1024 * 1024;
    private static final String[] STATUS = {"OK", "WARN", "STALLED"};
    private static final String[] REASON = {null, "lag grew for 5 windows", "source advanced, no progress for 60 s"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardFixture() {
    }

    // ---- per-poll figures (poll 1 is the first request) ----

    static long ordersPartitionLag(int partition, int poll) {
        return 1_000_000L * (partition + 1) + 111L * poll;
    }

    static long ordersLag(int poll) {
        return ordersPartitionLag(0, poll) + ordersPartitionLag(1, poll) + ordersPartitionLag(2, poll);
    }

    static double ordersRate(int poll) {
        return 6_000 + 10 * poll + 0.5;
    }

    static long connectorLag(int poll) {
        return ordersLag(poll);
    }

    static String replication(int poll) {
        ObjectNode root = JSON.createObjectNode().put("generatedAtMs", BASE_MS + 2_000L * poll);
        ObjectNode connector = root.putArray("connectors").addObject()
                .put("name", CONNECTOR).put("sourceAlias", "east").put("targetAlias", "west").put("status", "WARN")
                .put("lagRecords", connectorLag(poll)).put("lagSeconds", 2.5);
        rates(connector, ordersRate(poll), 5_900, 3 * MIB, 2.5 * MIB);
        ArrayNode topics = connector.putArray("topics");
        topics.add(orders(poll));
        topics.add(payments());
        return root.toString();
    }

    private static ObjectNode orders(int poll) {
        ObjectNode topic = JSON.createObjectNode().put("topic", "orders").put("remoteTopic", ORDERS)
                .put("status", "WARN").put("lagRecords", ordersLag(poll)).put("lagSeconds", 2.5);
        rates(topic, ordersRate(poll), 5_900, 3 * MIB, 2.5 * MIB);
        latency(topic, 3, 42.5, 90, 130);
        ArrayNode history = topic.putArray("history");
        for (int i = 0; i < ORDERS_HISTORY; i++) {
            history.addObject().put("atMs", BASE_MS - 50_000L + 10_000L * i)
                    .put("lagRecords", 5_000_000L + 100_000L * i).put("recordsPerSec", 5_000 + 100 * i);
        }
        ArrayNode partitions = topic.putArray("partitions");
        for (int p = 0; p < 3; p++) {
            ObjectNode partition = partitions.addObject().put("partition", p).put("task", p % 2)
                    .put("status", STATUS[p]).put("reason", REASON[p])
                    .put("lagRecords", ordersPartitionLag(p, poll))
                    .put("lagSeconds", p == 2 ? -1 : p + poll + 0.5)
                    .put("recordsPerSec1m", 2_000 + 100 * p + poll + 0.5)
                    .put("recordsPerSec5m", 1_900 + 100 * p + poll)
                    .put("bytesPerSec1m", 1.5 * MIB * (p + 1));
            if (p == 2) {
                partition.putNull("bytesPerSec5m");
            } else {
                partition.put("bytesPerSec5m", 512 * (p + 1));
            }
            latency(partition, 3, 40.5 + p + poll, 90, 130);
            partition.put("nextOffset", 50_000L + 10L * poll + p)
                    .put("sourceLogEndOffset", 50_000L + 10L * poll + p + ordersPartitionLag(p, poll))
                    .put("lastDownstreamOffset", 49_999L + 10L * poll + p)
                    .put("recordAgeMs", 800).put("lastReportAgeMs", 1_500 + 1_000 * p);
        }
        return topic;
    }

    /** A topic with no history, no latency and no reason fields: the page must cope. */
    private static ObjectNode payments() {
        ObjectNode topic = JSON.createObjectNode().put("topic", "payments").put("remoteTopic", PAYMENTS)
                .put("status", "OK").put("lagRecords", 0).put("lagSeconds", 0);
        rates(topic, 12.5, 12, 6_656, 6_144);
        ObjectNode partition = topic.putArray("partitions").addObject().put("partition", 0).put("task", 1)
                .put("status", "OK").put("lagRecords", 0).put("lagSeconds", 0);
        rates(partition, 12.5, 12, 6_656, 6_144);
        partition.put("nextOffset", 777).put("sourceLogEndOffset", 777).put("lastReportAgeMs", 900);
        return topic;
    }

    static String groups(int poll) {
        ObjectNode root = JSON.createObjectNode().put("generatedAtMs", BASE_MS + 2_000L * poll);
        ArrayNode groups = root.putArray("groups");
        ObjectNode billing = groups.addObject().put("group", GROUP).put("sourceAlias", "east").put("targetAlias", "west")
                .put("checkpointsTopic", "east.checkpoints.internal").put("status", "READY").put("checkpointAgeMs", 4_500);
        ArrayNode partitions = billing.putArray("partitions");
        partitions.addObject().put("topic", "orders").put("remoteTopic", ORDERS).put("partition", 0)
                .put("upstreamOffset", 5_000 + poll).put("translatedOffset", 4_990 + poll).put("translation", "EXACT")
                .put("targetCommittedOffset", 4_980 + poll).put("targetLogEndOffset", 9_000 + poll)
                .put("lagOnTarget", 4_020).put("checkpointAgeMs", 4_500).put("failoverRereads", 0).put("failoverSkips", 1_234 + poll);
        partitions.addObject().put("topic", "orders").put("remoteTopic", ORDERS).put("partition", 1)
                .put("upstreamOffset", 7_000).put("translatedOffset", -1).put("translation", "NOT_YET_REPLICATED")
                .putNull("targetCommittedOffset").put("targetLogEndOffset", 8_000)
                .putNull("lagOnTarget").put("checkpointAgeMs", 65_000).putNull("failoverRereads").put("failoverSkips", 0);
        groups.addObject().put("group", "audit").put("sourceAlias", "east").put("targetAlias", "west")
                .put("checkpointsTopic", "east.checkpoints.internal").put("status", "STALE")
                .put("checkpointAgeMs", 600_000).putArray("partitions");
        return root.toString();
    }

    /** One mirrored heartbeats partition, with a name carrying markup. */
    static String heartbeats() {
        ObjectNode root = JSON.createObjectNode().put("generatedAtMs", BASE_MS);
        ObjectNode heartbeat = root.putArray("heartbeats").addObject().put("connector", CONNECTOR).put("sourceAlias", "east")
                .put("targetAlias", "west").put("topic", "ferry-heartbeats").put("remoteTopic", "east.ferry-heartbeats")
                .put("partition", 0).put("status", "OK").put("heartbeatAgeMs", 1_700).put("lastReportAgeMs", 600);
        latency(heartbeat, 12, 35.5, 40, 48);
        return root.toString();
    }

    static List<List<String>> heartbeatRows() {
        return List.of(List.of("east → west", CONNECTOR, "east.ferry-heartbeats-0", "OK", "12 ms", "35.5 ms", "48 ms", "1.7 s",
                "600 ms"));
    }

    // ---- what the page must show ----

    static List<List<String>> ordersPartitionRows(int poll) {
        List<List<String>> rows = new ArrayList<>();
        String[] bytes5m = {"512 B/s", "1 KiB/s", "–"};
        for (int p = 0; p < 3; p++) {
            rows.add(List.of(
                    String.valueOf(p), String.valueOf(p % 2), STATUS[p], REASON[p] == null ? "" : REASON[p],
                    count(ordersPartitionLag(p, poll)), p == 2 ? "–" : decimal(p + poll + 0.5) + " s",
                    decimal(2_000 + 100 * p + poll + 0.5) + " / " + decimal(1_900 + 100 * p + poll),
                    decimal(1.5 * (p + 1)) + " MiB/s / " + bytes5m[p], decimal(40.5 + p + poll) + " ms",
                    decimal(1.5 + p) + " s", String.valueOf(50_000L + 10L * poll + p),
                    String.valueOf(50_000L + 10L * poll + p + ordersPartitionLag(p, poll))));
        }
        return rows;
    }

    static List<List<String>> paymentsPartitionRows() {
        return List.of(List.of("0", "1", "OK", "", "0", "0 s", "12.5 / 12", "6.5 KiB/s / 6 KiB/s", "–", "900 ms",
                "777", "777"));
    }

    static List<List<String>> billingRows(int poll) {
        return List.of(
                List.of("orders", ORDERS, "0", String.valueOf(5_000 + poll), String.valueOf(4_990 + poll), "EXACT",
                        String.valueOf(4_980 + poll), String.valueOf(9_000 + poll), "4,020", "4.5 s", "0", count(1_234 + poll)),
                List.of("orders", ORDERS, "1", "7000", "–", "NOT_YET_REPLICATED", "–", "8000", "–", "65 s", "–", "0"));
    }

    /** As the page writes whole numbers: en-US grouping. */
    static String count(long value) {
        return String.format(Locale.US, "%,d", value);
    }

    /** As the page writes other figures: en-US grouping, at most one decimal (fixture values need no rounding). */
    static String decimal(double value) {
        return new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.US)).format(value);
    }

    private static void rates(ObjectNode node, double records1m, double records5m, double bytes1m, double bytes5m) {
        node.put("recordsPerSec1m", records1m).put("recordsPerSec5m", records5m)
                .put("bytesPerSec1m", bytes1m).put("bytesPerSec5m", bytes5m);
    }

    private static void latency(ObjectNode node, double p50, double p99, double p999, double max) {
        node.putObject("latencyMs").put("p50", p50).put("p99", p99).put("p999", p999).put("max", max);
    }
}
