package dev.ferry.checkpoints;

import dev.ferry.common.IdentityReplicationPolicy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointConfigTest {

    private static CheckpointConfig config(Map<String, String> overrides) {
        Map<String, String> props = CheckpointConnectorValidateTest.validConfig();
        props.putAll(overrides);
        return new CheckpointConfig(props);
    }

    @Test
    void defaultsMatchTheMirrorAndTheBrief() {
        CheckpointConfig config = config(Map.of());
        assertEquals("ferry-checkpoints.east.internal", config.checkpointsTopic());
        assertEquals("ferry-offset-syncs.east.internal", config.offsetSyncsTopic());
        assertEquals(10_000L, config.refreshGroupsIntervalMs());
        assertEquals(5_000L, config.emitIntervalMs());
        assertEquals("east.orders", config.replicationPolicy().remoteTopic("east", "orders"));
    }

    @Test
    void offsetSyncsOnTheSourceAreNamedAfterBothAliasesAsTheMirrorDoes() {
        CheckpointConfig config = config(Map.of(CheckpointConfig.OFFSET_SYNCS_LOCATION, "source"));
        assertEquals("ferry-source-offset-syncs.east-to-west.internal", config.offsetSyncsTopic());
        assertEquals("east-kafka:9092", config.offsetSyncsConsumerConfig("c").get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("custom", config(Map.of(CheckpointConfig.OFFSET_SYNCS_TOPIC, "custom")).offsetSyncsTopic());
    }

    @Test
    void theDefaultFilterTakesEveryGroupButConnectsAndFerrysOwn() {
        GroupFilter filter = config(Map.of()).groupFilter();
        assertTrue(filter.test("orders-service"));
        assertFalse(filter.test("connect-my-sink"));
        assertFalse(filter.test("ferry-anything"));

        GroupFilter chosen = config(Map.of(CheckpointConfig.GROUPS, "app-.*", CheckpointConfig.GROUPS_EXCLUDE, "app-test.*")).groupFilter();
        assertTrue(chosen.test("app-billing"));
        assertFalse(chosen.test("app-testing"));
        assertFalse(chosen.test("my-app-billing"), "the whole id must match");
    }

    @Test
    void groupsNamedLiterallyAreThoseWithoutPatternSyntaxThatAreNotExcluded() {
        GroupFilter filter = config(Map.of(CheckpointConfig.GROUPS, "billing,orders.v2,app-.*,conn(ect)?,a|b,connect-sink,[x]y,q+")).groupFilter();
        assertEquals(List.of("billing", "orders.v2"), filter.namedGroups());
        assertEquals(List.of(), config(Map.of()).groupFilter().namedGroups(), "the default names no group");
    }

    @Test
    void clientSettingsComeFromTheRightPrefixesWithCredentialsAsPasswords() {
        CheckpointConfig config = config(Map.of(
            "source.cluster.security.protocol", "SASL_SSL",
            "source.cluster.sasl.jaas.config", "secret-jaas",
            "source.admin.request.timeout.ms", "7000",
            "target.consumer.max.poll.records", "100",
            "target.consumer.group.id", "must-not-be-used"));
        Map<String, Object> sourceAdmin = config.sourceAdminConfig("id");
        assertEquals("east-kafka:9092", sourceAdmin.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("SASL_SSL", sourceAdmin.get("security.protocol"));
        assertEquals("7000", sourceAdmin.get("request.timeout.ms"));
        assertInstanceOf(Password.class, sourceAdmin.get("sasl.jaas.config"));

        Map<String, Object> syncs = config.offsetSyncsConsumerConfig("id");
        assertEquals("west-kafka:9092", syncs.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("100", syncs.get("max.poll.records"));
        assertFalse(syncs.containsKey(ConsumerConfig.GROUP_ID_CONFIG), "the reader assigns partitions and commits nothing");
        assertEquals(false, syncs.get(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG));
        assertEquals(false, syncs.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertFalse(syncs.containsKey("security.protocol"), "source settings never reach target clients");
    }

    @Test
    void theIdentityPolicyIsHonoured() {
        CheckpointConfig config = config(Map.of(CheckpointConfig.REPLICATION_POLICY_CLASS, IdentityReplicationPolicy.class.getName()));
        assertEquals("orders", config.replicationPolicy().remoteTopic("east", "orders"));
    }

    @Test
    void taskGroupsSurviveCommasPercentSignsAndNonAsciiIds() {
        List<String> groups = List.of("plain", "with,comma", "100%", "späti gruppe", "a+b");
        String encoded = CheckpointTaskConfig.encodeGroups(groups);
        assertEquals(groups, CheckpointTaskConfig.decodeGroups(encoded));
        assertEquals(List.of(), CheckpointTaskConfig.decodeGroups(CheckpointTaskConfig.encodeGroups(List.of())));

        Map<String, String> props = CheckpointConnectorValidateTest.validConfig();
        props.put(CheckpointTaskConfig.TASK_GROUPS, encoded);
        assertEquals(groups, new CheckpointTaskConfig(props).groups());
    }
}
