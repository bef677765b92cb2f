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
        GroupFilter filter = new GroupFilter(List.of(Pattern.compile(".*")), List.of(Pattern.compile("connect-.*")));
        return watcher(new SourceGroups(lister, unlisted -> {
            throw new AssertionError("a pattern names no group to describe: " + unlisted);
        }, filter), ensureTopic);
    }

    private GroupWatcher watcher(SourceGroups sourceGroups, Runnable ensureTopic) {
        Map<String, String> props = CheckpointConnectorValidateTest.validConfig();
        props.put(CheckpointConfig.STARTUP_TIMEOUT_MS, "1000");
        props.put(CheckpointConfig.REFRESH_GROUPS_INTERVAL_MS, "3600000"); // refreshes are driven by the test
        CheckpointConfig config = new CheckpointConfig(props);
        watcher = new GroupWatcher(config, sourceGroups, ensureTopic, () -> { }, System::currentTimeMillis);
        return watcher;
    }

    /** Groups {@code app-a}, {@code app-b} and {@code other-*} configured; the source denies describing {@code denied}. */
    private SourceGroups namedGroups(List<List<String>> described, Set<String> denied) {
        GroupFilter filter = new GroupFilter(List.of(Pattern.compile("app-a"), Pattern.compile("app-b"), Pattern.compile("other-.*")),
            List.of());
        return new SourceGroups(listed::get, unlisted -> {
            described.add(List.copyOf(unlisted));
            unlisted.stream().filter(denied::contains).findFirst().ifPresent(group -> {
                throw new GroupAuthorizationException("Not authorized to access group: Group authorization failed.", group);
            });
        }, filter);
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

    @Test
    void aGroupNamedInGroupsThatTheListingLeavesOutAndMayNotBeDescribedFailsStartNamingIt() {
        listed.set(List.of("app-a", "other-x"));
        List<List<String>> described = new ArrayList<>();
        ConnectException failure = assertThrows(ConnectException.class,
            () -> watcher(namedGroups(described, Set.of("app-b")), topicCreations::incrementAndGet).start(context));
        String message = failure.getMessage();
        assertTrue(message.startsWith("The source cluster 'east'") && message.contains("denied DESCRIBE")
            && message.contains("on group app-b") && message.contains("named in groups"), message);
        assertEquals(List.of(List.of("app-b")), described, "only the named group the listing left out is described");
    }

    @Test
    void aNamedGroupThatDoesNotExistYetIsNoError() {
        listed.set(List.of("app-a", "other-x"));
        List<List<String>> described = new ArrayList<>();
        watcher(namedGroups(described, Set.of()), topicCreations::incrementAndGet).start(context);
        assertEquals(Set.of("app-a", "other-x"), watcher.groups());
        assertEquals(List.of(List.of("app-b")), described);

        listed.set(List.of("app-a", "app-b", "other-x"));
        watcher.refresh();
        assertEquals(Set.of("app-a", "app-b", "other-x"), watcher.groups());
        assertEquals(1, described.size(), "nothing to describe once every named group is listed");
    }

    @Test
    void aNamedGroupDeniedDuringARefreshIsRaisedToConnectNamingIt() {
        listed.set(List.of("app-a", "app-b"));
        Set<String> denied = new java.util.HashSet<>();
        watcher(namedGroups(new ArrayList<>(), denied), topicCreations::incrementAndGet).start(context);
        // the ACL on app-b is removed: the listing no longer returns it, describing it is denied
        listed.set(List.of("app-a"));
        denied.add("app-b");
        watcher.refreshQuietly();
        assertEquals(1, raised.size());
        String message = raised.get(0).getMessage();
        assertTrue(message.contains("source cluster 'east'") && message.contains("denied DESCRIBE") && message.contains("on group app-b"),
            message);
        assertEquals(Set.of("app-a", "app-b"), watcher.groups(), "the groups known stay until the connector restarts");
    }
}
