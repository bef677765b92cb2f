package dev.ferry.offsets.failover;

import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailoverCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return FailoverCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badUsageExitsTwoNamingTheProblem() {
        assertEquals(2, run());
        assertTrue(errors().contains("plan, apply or failback"), errors());
        assertEquals(2, run("plan", "--source-alias", "east"));
        assertTrue(errors().contains("--target-bootstrap and --source-alias are required"), errors());
        assertEquals(2, run("plan", "--target-bootstrap", "x:9092", "--source-alias", "east", "--groups", "(open"));
        assertTrue(errors().contains("--groups '(open' is not a valid regular expression"), errors());
        assertEquals(2, run("plan", "--target-bootstrap", "x:9092", "--source-alias", "east", "--format", "yaml"));
        assertTrue(errors().contains("--format must be one of [table, json], was 'yaml'"), errors());
        assertEquals(2, run("plan", "--target-bootstrap", "x:9092", "--source-alias", "east", "--bogus", "1"));
        assertTrue(errors().contains("unknown option --bogus"), errors());
    }

    @Test
    void theCheckpointsTopicDefaultsFromTheSourceAlias() throws FailoverException {
        FailoverCli.Options options = FailoverCli.Options.parse(
            new String[] {"apply", "--target-bootstrap", "x:9092", "--source-alias", "east", "--group", "billing", "--execute"});
        assertEquals("ferry-checkpoints.east.internal", options.checkpointsTopic);
        assertTrue(options.execute);
        assertTrue(options.groups.test("billing"));
        assertTrue(!options.groups.test("billing-v2"), "--group names one group exactly");
    }

    @Test
    void failbackWithForwardSyncsNeedsIdentityNamesAndDefaultsTheTopics() throws FailoverException {
        assertEquals(2, run("failback", "--target-bootstrap", "x:9092", "--source-alias", "west", "--forward-syncs-bootstrap", "y:9092",
            "--target-alias", "east"));
        assertTrue(errors().contains("--forward-syncs-bootstrap needs --replication-policy identity"), errors());
        assertEquals(2, run("apply", "--target-bootstrap", "x:9092", "--source-alias", "west", "--forward-syncs-bootstrap", "y:9092"));
        assertTrue(errors().contains("--forward-syncs-bootstrap is for failback (and its plan) only"), errors());
        assertEquals(2, run("failback", "--target-bootstrap", "x:9092", "--source-alias", "west", "--forward-syncs-bootstrap", "y:9092",
            "--replication-policy", "identity"));
        assertTrue(errors().contains("needs --target-alias"), errors());

        FailoverCli.Options options = FailoverCli.Options.parse(new String[] {"failback", "--target-bootstrap", "x:9092",
            "--source-alias", "west", "--replication-policy", "identity", "--forward-syncs-bootstrap", "y:9092", "--target-alias", "east"});
        assertEquals("ferry-offset-syncs.east.internal", options.forwardSyncsTopic);
        assertEquals("ferry-offset-syncs.west.internal", options.reverseSyncsTopic);
    }

    @Test
    void plansRenderAsATableAndAsJson() {
        PlanRow row = new PlanRow("billing", new TopicPartition("orders", 3), new TopicPartition("east.orders", 3),
            1_200, 1_180, TranslationKind.EXACT, -1, 1_500, 4_000);
        List<GroupPlan> plans = List.of(new GroupPlan("billing", "DEAD", false, List.of(row)));

        String table = FailoverCli.PlanFormat.table(plans);
        assertTrue(table.contains("GROUP billing") && table.contains("orders-3") && table.contains("1180")
            && table.contains("320") && table.contains("EXACT"), table);

        String json = FailoverCli.PlanFormat.json(plans);
        assertTrue(json.contains("\"group\":\"billing\"") && json.contains("\"remote_topic\":\"east.orders\"")
            && json.contains("\"translated\":1180") && json.contains("\"translation\":\"EXACT\""), json);
    }
}
