package dev.ferry.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LiveLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void sumsUpTheMirrorAndTheGroupFromTheMonitoringAnswers() throws Exception {
        JsonNode replication = json("{'connectors': [{'name': 'other', 'topics': []}, {'name': 'east-to-west', 'status': 'OK',"
            + " 'lagRecords': 1234, 'lagSeconds': 0.42, 'recordsPerSec1m': 498.6, 'topics': ["
            + "{'topic': 'orders', 'latencyMs': {'p99': 12}}, {'topic': 'payments', 'latencyMs': {'p99': 30}}]}]}");
        JsonNode groups = json("{'groups': [{'group': 'quickstart-app', 'status': 'READY'}]}");
        assertEquals("east-to-west RUNNING/OK  topics 2  lag 1,234 records (0.4 s)  copy rate 499 records/s  latency p99 30 ms"
            + "  group quickstart-app READY", LiveLine.format("RUNNING", replication, groups, "east-to-west"));
    }

    @Test
    void countsReadyGroupsWhenThereAreSeveralAndSaysWhenNothingIsReportedYet() throws Exception {
        JsonNode replication = json("{'connectors': [{'name': 'east-to-west', 'status': 'WARN', 'lagRecords': 0, 'lagSeconds': 0,"
            + " 'recordsPerSec1m': 0, 'topics': [{'topic': 'orders', 'latencyMs': {'p99': -1}}]}]}");
        JsonNode groups = json("{'groups': [{'group': 'a', 'status': 'READY'}, {'group': 'b', 'status': 'NOT_READY'}]}");
        assertEquals("east-to-west RUNNING/WARN  topics 1  lag 0 records (0.0 s)  copy rate 0 records/s  latency p99 -"
            + "  groups READY to fail over 1/2", LiveLine.format("RUNNING", replication, groups, "east-to-west"));
        assertEquals("east-to-west UNASSIGNED  waiting for the first progress report of its tasks",
            LiveLine.format("UNASSIGNED", json("{'connectors': []}"), json("{'groups': []}"), "east-to-west"));
    }
}
