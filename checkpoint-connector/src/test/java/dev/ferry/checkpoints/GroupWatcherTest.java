package dev.ferry.checkpoints;

import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupWatcherTest {

    /** Source groups as the fake cluster lists them; replaced by the tests. */
    private final AtomicReference<List<String>> listed = new AtomicReference<>(List.of("app-a", "app-b", "connect-sink"));
    private final AtomicInteger topicCreations = new AtomicInteger();
    private final AtomicInteger reconfigurations = new AtomicInteger();
    private final List<Exception> raised = new ArrayList<>();
    private final ConnectorContext context = new ConnectorContext() {
        @Override
        public void requestTaskReconfiguration() {
            reconfigurations.incrementAndGet();
        }

        @Override
        public void raiseError(Exception e) {
            raised.add(e);
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    };
    private GroupWatcher watcher;

    private GroupWatcher watcher(SourceGroups.Lister lister, Runnable ensureTopic) {
        Map<String, String> props = CheckpointConnectorValidateTest.validConfig();
        props.put(CheckpointConfig.STARTUP_TIMEOUT_MS, "1000");
        props.put(CheckpointConfig.REFRESH_GROUPS_INTERVAL_MS, "3600000"); // refreshes are driven by the test
        CheckpointConfig config = new CheckpointConfig(props);
        GroupFilter filter = new GroupFilter(List.of(Pattern.compile(".*")), List.of(Pattern.compile("connect-.*")));
        watcher = new GroupWatcher(config, new SourceGroups(lister, filter), ensureTopic, () -> { }, System::currentTimeMillis);
        return watcher;
    }

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void startListsTheFilteredGroupsAndCreatesTheCheckpointsTopic() {
        watcher(listed::get, topicCreations::incrementAndGet).start(context);
        assertEquals(Set.of("app-a", "app-b"), watcher.groups());
        assertEquals(1, topicCreations.get());
        assertEquals(0, reconfigurations.get());
    }

    @Test
    void tasksAreReconfiguredWhenGroupsComeOrGoAndOnlyThen() {
        watcher(listed::get, topicCreations::incrementAndGet).start(context);
        watcher.refresh();
        assertEquals(0, reconfigurations.get(), "same groups");

        listed.set(List.of("app-b", "app-a", "app-c"));
        watcher.refresh();
        assertEquals(1, reconfigurations.get(), "a new group");
        assertEquals(Set.of("app-a", "app-b", "app-c"), watcher.groups());

        listed.set(List.of("app-a", "app-c", "connect-other"));
        watcher.refresh();
        assertEquals(2, reconfigurations.get(), "a vanished group");
        assertEquals(Set.of("app-a", "app-c"), watcher.groups());

        listed.set(List.of("app-a", "app-c", "connect-third"));
        watcher.refresh();
        assertEquals(2, reconfigurations.get(), "excluded groups do not count");
    }

    @Test
    void startRetriesPassingFailures() {
        AtomicInteger attempts = new AtomicInteger();
        watcher(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new TimeoutException("not yet");
            }
            return listed.get();
        }, topicCreations::incrementAndGet).start(context);
        assertEquals(3, attempts.get());
        assertEquals(2, watcher.groups().size());
    }

    @Test
    void anUnreachableSourceFailsStartNamingItsAliasAndAddress() {
        ConnectException failure = assertThrows(ConnectException.class, () -> watcher(() -> {
            throw new TimeoutException("Timed out waiting for a node assignment");
        }, topicCreations::incrementAndGet).start(context));
        assertTrue(failure.getMessage().contains("source cluster 'east' at [east-kafka:9092]"), failure.getMessage());
        assertTrue(failure.getMessage().contains("startup.timeout.ms"), failure.getMessage());
        assertEquals(0, topicCreations.get());
    }

    @Test
    void anUnreachableTargetFailsStartNamingIt() {
        ConnectException failure = assertThrows(ConnectException.class, () -> watcher(listed::get, () -> {
            throw new TimeoutException("Timed out waiting for a node assignment");
        }).start(context));
        assertTrue(failure.getMessage().contains("target cluster 'west' at [west-kafka:9092]"), failure.getMessage());
    }

    @Test
    void aDeniedTopicCreationFailsStartAtOnceNamingClusterOperationAndTopic() {
        long started = System.currentTimeMillis();
        ConnectException failure = assertThrows(ConnectException.class, () -> watcher(listed::get, () -> {
            throw new TopicAuthorizationException("Authorization failed.", Set.of("ferry-checkpoints.east.internal"));
        }).start(context));
        assertTrue(failure.getMessage().contains("target cluster 'west'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("CREATE"), failure.getMessage());
        assertTrue(failure.getMessage().contains("[ferry-checkpoints.east.internal]"), failure.getMessage());
        assertTrue(System.currentTimeMillis() - started < 1_000, "no retries on a denial");
    }

    @Test
    void aDenialDuringARefreshIsRaisedToConnect() {
        AtomicReference<RuntimeException> next = new AtomicReference<>();
        watcher(() -> {
            RuntimeException failure = next.get();
            if (failure != null) {
                throw failure;
            }
            return listed.get();
        }, topicCreations::incrementAndGet).start(context);
        next.set(new TimeoutException("passing"));
        watcher.refreshQuietly();
        assertEquals(List.of(), raised, "a passing failure is only logged");
        assertEquals(2, watcher.groups().size(), "and the groups known stay");

        next.set(new GroupAuthorizationException("denied", "app-a"));
        watcher.refreshQuietly();
        assertEquals(1, raised.size());
        String message = raised.get(0).getMessage();
        assertTrue(message.contains("source cluster 'east'") && message.contains("DESCRIBE") && message.contains("group app-a"), message);
    }
}
