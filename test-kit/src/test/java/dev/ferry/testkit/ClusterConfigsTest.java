package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo.ConnectorState;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo.TaskState;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorType;
import org.junit.jupiter.api.Test;

class ClusterConfigsTest {

    @Test
    void workerDefaultsPassBytesThroughAndTestOverridesWin() {
        Map<String, String> props = ClusterConfigs.workerProps(Optional.of(Path.of("/plugins")),
                Map.of("offset.flush.interval.ms", "250"));

        assertEquals("/plugins", props.get("plugin.path"));
        assertEquals("hybrid_warn", props.get("plugin.discovery"));
        assertEquals(ClusterConfigs.BYTE_ARRAY_CONVERTER, props.get("key.converter"));
        assertEquals(ClusterConfigs.BYTE_ARRAY_CONVERTER, props.get("value.converter"));
        assertEquals(ClusterConfigs.BYTE_ARRAY_CONVERTER, props.get("header.converter"));
        assertEquals("2000", props.get("scheduled.rebalance.max.delay.ms"));
        assertEquals("All", props.get("connector.client.config.override.policy"));
        assertEquals("250", props.get("offset.flush.interval.ms"));
        assertFalse(ClusterConfigs.workerProps(Optional.empty(), Map.of()).containsKey("plugin.path"));
    }

    @Test
    void brokerDefaultsAreSingleBrokerAndOverridable() {
        Properties props = ClusterConfigs.brokerProps(Map.of("log.retention.ms", "60000"));

        assertEquals("false", props.get("auto.create.topics.enable"));
        assertEquals("1", props.get("transaction.state.log.replication.factor"));
        assertEquals("1", props.get("transaction.state.log.min.isr"));
        assertEquals("1", props.get("offsets.topic.replication.factor"));
        assertEquals("0", props.get("group.initial.rebalance.delay.ms"));
        assertEquals("60000", props.get("log.retention.ms"));
    }

    @Test
    void connectorStatusSummaryNeedsEveryTaskRunningAndSpotsFailures() {
        ConnectorStateInfo oneUnassigned = new ConnectorStateInfo("m", new ConnectorState("RUNNING", "w1", null, null),
                List.of(new TaskState(1, "UNASSIGNED", "w1", null, null), new TaskState(0, "RUNNING", "w1", null, null)),
                ConnectorType.SOURCE);
        ConnectorStateInfo failed = new ConnectorStateInfo("m", new ConnectorState("RUNNING", "w1", null, null),
                List.of(new TaskState(0, "FAILED", "w2", "boom\n\tat x", null)), ConnectorType.SOURCE);

        ConnectorStatusSummary pending = ConnectorStatusSummary.of(oneUnassigned);
        assertFalse(pending.runningWith(2));
        assertEquals("connector RUNNING, 2 tasks [0=RUNNING@w1, 1=UNASSIGNED@w1]", pending.toString());
        assertEquals(Optional.of("task m-0 FAILED on w2:\nboom\n\tat x"), ConnectorStatusSummary.of(failed).failure());
        assertEquals(Optional.empty(), pending.failure());
    }
}
