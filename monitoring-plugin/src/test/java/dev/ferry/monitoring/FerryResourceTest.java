package dev.ferry.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FerryResourceTest {

    private static Monitor monitor() {
        Reports p0 = Reports.of("orders", 0);
        for (int i = 1; i <= 3; i++) {
            p0.report(10L * i, 10L * i, 10);
        }
        ProgressStore progress = new ProgressStore(10);
        p0.list().forEach(progress::add);
        long now = p0.lastReportAt() + 1000;
        return new Monitor(() -> List.of(ReplicationReportTest.MIRROR), progress, new CheckpointStore(),
            new ReplicationReport(5),
            new GroupsReport(wanted -> TargetOffsets.Snapshot.EMPTY, 300_000), new HeartbeatsReport(Set.of("orders")), Map::of, () -> now);
    }

    /** A class loader holding only the given dashboard files. */
    private static ClassLoader dashboard(Map<String, String> files) {
        return new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    if (name.equals(DashboardAssets.ROOT + file.getKey())) {
                        return new java.io.ByteArrayInputStream(file.getValue().getBytes(StandardCharsets.UTF_8));
                    }
                }
                return null;
            }

            @Override
            public Enumeration<URL> getResources(String name) {
                return java.util.Collections.emptyEnumeration();
            }
        };
    }

    @Test
    void replicationIsJsonWithTheDocumentedFields() throws Exception {
        FerryResource resource = new FerryResource(monitor(), new DashboardAssets(dashboard(Map.of())));
        Response response = resource.replication();
        assertEquals(200, response.getStatus());
        JsonNode json = new ObjectMapper().readTree((String) response.getEntity());
        assertTrue(json.get("generatedAtMs").isNumber());
        JsonNode partition = json.at("/connectors/0/topics/0/partitions/0");
        for (String field : List.of("partition", "task", "status", "reason", "lagRecords", "lagSeconds", "recordsPerSec1m",
            "recordsPerSec5m", "bytesPerSec1m", "bytesPerSec5m", "latencyMs", "nextOffset", "sourceLogEndOffset",
            "lastDownstreamOffset", "recordAgeMs", "lastReportAgeMs")) {
            assertTrue(partition.has(field), "partition has no " + field + ": " + partition);
        }
        assertEquals(List.of("p50", "p99", "p999", "max"), iterable(partition.get("latencyMs").fieldNames()));
        assertEquals("OK", partition.get("status").asText());
        JsonNode topic = json.at("/connectors/0/topics/0");
        assertEquals("east.orders", topic.get("remoteTopic").asText());
        assertTrue(topic.get("history").get(0).has("recordsPerSec"));
    }

    @Test
    void groupsIsJson() throws Exception {
        FerryResource resource = new FerryResource(monitor(), new DashboardAssets(dashboard(Map.of())));
        JsonNode json = new ObjectMapper().readTree((String) resource.groups().getEntity());
        assertTrue(json.get("groups").isArray());
    }

    @Test
    void metricsUseThePrometheusContentType() {
        Response response = new FerryResource(monitor(), new DashboardAssets(dashboard(Map.of()))).metrics();
        assertEquals(jakarta.ws.rs.core.MediaType.valueOf("text/plain; version=0.0.4; charset=utf-8"), response.getMediaType());
        assertEquals(Map.of("version", "0.0.4", "charset", "utf-8"), response.getMediaType().getParameters());
        assertTrue(((String) response.getEntity()).contains("# TYPE ferry_replication_lag_records gauge"));
    }

    @Test
    void servesOnlyListedDashboardFilesWithTheirTypes() {
        FerryResource resource = new FerryResource(monitor(), new DashboardAssets(dashboard(Map.of(
            "index.html", "<html>ferry</html>", "dashboard.js", "// js"))));
        Response index = resource.dashboard("ferry/");
        assertEquals(200, index.getStatus());
        assertArrayEquals("<html>ferry</html>".getBytes(StandardCharsets.UTF_8), (byte[]) index.getEntity());
        assertEquals(jakarta.ws.rs.core.MediaType.valueOf("text/html; charset=utf-8"), index.getMediaType());
        assertEquals(jakarta.ws.rs.core.MediaType.valueOf("text/javascript; charset=utf-8"), resource.asset("dashboard.js").getMediaType());

        Response missing = resource.asset("dashboard.css");
        assertEquals(404, missing.getStatus());
        assertTrue(((String) missing.getEntity()).contains("not in this Ferry build"), (String) missing.getEntity());
        for (String bad : List.of("../../../etc/passwd", "..%2Fsecret", "index.html/..", "FerryResource.class", "")) {
            Response refused = resource.asset(bad);
            assertEquals(404, refused.getStatus(), bad);
            assertTrue(((String) refused.getEntity()).contains("No dashboard file named"), bad);
        }
    }

    @Test
    void dashboardWithoutTrailingSlashRedirectsWhereRelativeLinksResolve() {
        FerryResource resource = new FerryResource(monitor(), new DashboardAssets(dashboard(Map.of("index.html", "<html>ferry</html>"))));
        Response redirect = resource.dashboard("ferry");
        assertEquals(301, redirect.getStatus());
        assertEquals(java.net.URI.create("ferry/"), redirect.getLocation());
    }

    @Test
    void heartbeatsListTheHeartbeatTopicsPartitions() throws Exception {
        // The fixture's mirror copies "orders", declared here as the heartbeats topic.
        JsonNode json = new ObjectMapper().readTree((String) new FerryResource(monitor(), new DashboardAssets(dashboard(Map.of())))
            .heartbeats().getEntity());
        JsonNode heartbeat = json.at("/heartbeats/0");
        assertEquals("east-to-west", heartbeat.get("connector").asText());
        assertEquals("east", heartbeat.get("sourceAlias").asText());
        assertEquals("west", heartbeat.get("targetAlias").asText());
        assertEquals("east.orders", heartbeat.get("remoteTopic").asText());
        assertEquals(0, heartbeat.get("partition").asInt());
        assertEquals(40, heartbeat.at("/latencyMs/p50").asLong());
        assertEquals(1050, heartbeat.get("heartbeatAgeMs").asLong(), "now is 1 s after the last report, its record 50 ms before it");
        assertEquals(1, json.get("heartbeats").size());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
