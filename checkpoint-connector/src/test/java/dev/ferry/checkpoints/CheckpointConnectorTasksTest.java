package dev.ferry.checkpoints;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckpointConnectorTasksTest {

    private final SourceConnectorContext context = new SourceConnectorContext() {
        @Override
        public OffsetStorageReader offsetStorageReader() {
            return null;
        }

        @Override
        public void requestTaskReconfiguration() {
        }

        @Override
        public void raiseError(Exception e) {
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    };
    private CheckpointConnector connector;

    private List<Map<String, String>> taskConfigs(List<String> groups, String verification, int maxTasks) {
        Map<String, String> props = CheckpointConnectorValidateTest.validConfig();
        props.put(CheckpointConfig.VERIFICATION_ENABLED, verification);
        connector = new CheckpointConnector(config -> new GroupWatcher(config,
            new SourceGroups(() -> Set.copyOf(groups), unlisted -> { }, new GroupFilter(List.of(Pattern.compile(".*")), List.of())),
            () -> { }, () -> { }, System::currentTimeMillis));
        connector.initialize(context);
        connector.start(props);
        return connector.taskConfigs(maxTasks);
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.stop();
        }
    }

    private static List<Boolean> verifies(List<Map<String, String>> configs) {
        return configs.stream().map(c -> new CheckpointTaskConfig(c).verifies()).toList();
    }

    @Test
    void exactlyOneTaskVerifiesEvenWithoutGroups() {
        List<Map<String, String>> none = taskConfigs(List.of(), "true", 3);
        assertEquals(1, none.size(), "verification needs a task while no group is checkpointed");
        assertEquals(List.of(), new CheckpointTaskConfig(none.get(0)).groups());
        assertEquals(List.of(true), verifies(none));
        stop();
        assertEquals(List.of(true, false, false), verifies(taskConfigs(List.of("a", "b", "c", "d"), "true", 3)));
    }

    @Test
    void withVerificationOffTasksFollowTheGroupsAlone() {
        assertEquals(List.of(), taskConfigs(List.of(), "false", 3));
        stop();
        assertEquals(List.of(false, false), verifies(taskConfigs(List.of("a", "b"), "false", 3)));
    }
}
