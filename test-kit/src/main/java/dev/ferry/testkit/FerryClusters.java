package dev.ferry.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * Two real single-broker KRaft clusters and a distributed Connect cluster, all in the test JVM:
 * <ul>
 *   <li><b>source</b>: a standalone {@link EmbeddedKafkaCluster};</li>
 *   <li><b>target</b>: the Connect cluster's own Kafka cluster ({@code connect().kafka()}), which
 *       also holds the workers' internal topics, as in a real deployment where Connect runs next
 *       to the target;</li>
 *   <li><b>connect</b>: 1 to 3 workers, loading Ferry from the built plugin directory (system
 *       property {@value FerryPluginPath#PROPERTY}) through {@code plugin.path}, with byte-array
 *       converters so records pass through unchanged.</li>
 * </ul>
 *
 * <pre>{@code
 * try (FerryClusters clusters = FerryClusters.builder().workers(2).build().start()) {
 *     clusters.createSourceTopic("orders", 3, Map.of());
 *     ...
 * }
 * }</pre>
 *
 * <p>Starting takes several seconds: share one instance across the tests of a class.
 */
public final class FerryClusters implements AutoCloseable {

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final int workers;
    private final Map<String, String> workerProps;
    private final Map<String, String> sourceBrokerProps;
    private final Map<String, String> targetBrokerProps;

    private EmbeddedKafkaCluster source;
    private EmbeddedConnectCluster connect;
    private TopicOps sourceTopics;
    private TopicOps targetTopics;

    private FerryClusters(Builder builder, Optional<Path> pluginPath) {
        this.workers = builder.workers;
        this.workerProps = ClusterConfigs.workerProps(pluginPath, builder.workerProps);
        this.sourceBrokerProps = Map.copyOf(builder.sourceBrokerProps);
        this.targetBrokerProps = Map.copyOf(builder.targetBrokerProps);
    }

    /** @return a builder for one source broker, one target broker and one worker, with the Ferry plugin */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the source cluster, then the target cluster and the workers, and returns once all
     * workers answer on REST. If anything fails to start, whatever did start is stopped again.
     * What Kafka prints to {@code System.out} meanwhile goes to the log instead.
     *
     * @return this, started
     * @throws IllegalStateException if already started
     */
    public synchronized FerryClusters start() {
        if (source != null) {
            throw new IllegalStateException("already started");
        }
        try {
            return StdoutToLog.during(this::startClusters);
        } catch (RuntimeException | Error e) {
            try {
                close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private FerryClusters startClusters() {
        source = new EmbeddedKafkaCluster(1, ClusterConfigs.brokerProps(sourceBrokerProps));
        source.start();
        sourceTopics = new TopicOps("source", source);
        connect = new EmbeddedConnectCluster.Builder()
                .name("ferry-connect")
                .numWorkers(workers)
                .numBrokers(1)
                .brokerProps(ClusterConfigs.brokerProps(targetBrokerProps))
                .workerProps(new LinkedHashMap<>(workerProps))
                .build();
        connect.start();
        targetTopics = new TopicOps("target", connect.kafka());
        return this;
    }

    /** @return the source cluster */
    public EmbeddedKafkaCluster source() {
        return started(source);
    }

    /** @return the target cluster; the same as {@code connect().kafka()} */
    public EmbeddedKafkaCluster target() {
        return started(connect).kafka();
    }

    /** @return the Connect cluster, for REST calls such as {@code configureConnector} and {@code connectorStatus} */
    public EmbeddedConnectCluster connect() {
        return started(connect);
    }

    /** @return the source cluster's bootstrap servers */
    public String sourceBootstrap() {
        return source().bootstrapServers();
    }

    /** @return the target cluster's bootstrap servers */
    public String targetBootstrap() {
        return target().bootstrapServers();
    }

    /** @return the worker settings in force (after the test's overrides), e.g. to start an extra worker in a child JVM */
    public Map<String, String> workerProps() {
        return Map.copyOf(workerProps);
    }

    /**
     * Creates a topic on the source cluster (replication factor 1) and returns once every partition's
     * leader answers, so an idempotent producer can write to it at once.
     *
     * @param name       the topic name
     * @param partitions the partition count
     * @param configs    topic configs; may be empty
     * @throws IllegalStateException if creation fails (e.g. the topic exists)
     * @throws AssertionError if the leaders do not answer within 30 s
     */
    public void createSourceTopic(String name, int partitions, Map<String, String> configs) {
        createTopic(sourceTopics(), "source", name, partitions, configs);
    }

    /**
     * Like {@link #createSourceTopic}, on the target cluster (for tests that pre-create remote topics).
     *
     * @param name       the topic name
     * @param partitions the partition count
     * @param configs    topic configs; may be empty
     */
    public void createTargetTopic(String name, int partitions, Map<String, String> configs) {
        createTopic(targetTopics(), "target", name, partitions, configs);
    }

    /**
     * Waits until the connector and exactly {@code numTasks} tasks report RUNNING over REST.
     *
     * @param name     the connector name
     * @param numTasks the number of tasks expected, all RUNNING
     * @param timeout  how long to wait
     * @throws AssertionError on timeout (naming the last status seen), or at once if the connector or a
     *                        task is FAILED (with its stack trace): a failed task stays failed until restarted
     */
    public void awaitConnectorRunning(String name, int numTasks, Duration timeout) {
        Waits.untilValue("connector '" + name + "' RUNNING with " + numTasks + " RUNNING tasks", timeout,
                () -> {
                    ConnectorStatusSummary status = ConnectorStatusSummary.of(connect().connectorStatus(name));
                    status.failure().ifPresent(trace -> {
                        throw new AssertionError("while waiting for connector '" + name + "' to run: " + trace);
                    });
                    return status;
                },
                status -> status.runningWith(numTasks));
    }

    /**
     * Waits until {@code name} exists on the source with exactly {@code partitions} partitions whose
     * leaders answer, e.g. after adding partitions.
     *
     * @return the topic's description
     */
    public TopicDescription awaitTopicOnSource(String name, int partitions, Duration timeout) {
        return sourceTopics().await(name, partitions, timeout);
    }

    /**
     * Waits until {@code name} exists on the target with exactly {@code partitions} partitions whose
     * leaders answer, e.g. after the mirror created it or added partitions.
     *
     * @param name       the topic name on the target
     * @param partitions the exact partition count awaited
     * @param timeout    how long to wait
     * @return the topic's description
     * @throws AssertionError on timeout, naming the last description seen
     */
    public TopicDescription awaitTopicOnTarget(String name, int partitions, Duration timeout) {
        return targetTopics().await(name, partitions, timeout);
    }

    /** Stops the workers, the target cluster and the source cluster. Safe to call more than once. */
    @Override
    public synchronized void close() {
        List<RuntimeException> failures = new ArrayList<>();
        closeQuietly(targetTopics, failures);
        closeQuietly(sourceTopics, failures);
        if (connect != null) {
            run(connect::stop, failures);
        }
        if (source != null) {
            run(source::stop, failures);
        }
        targetTopics = null;
        sourceTopics = null;
        connect = null;
        source = null;
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private void createTopic(TopicOps topics, String cluster, String name, int partitions, Map<String, String> configs) {
        try {
            topics.create(name, partitions, configs, TOPIC_TIMEOUT);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = Waits.unwrap(e);
            throw new IllegalStateException("creating " + cluster + " topic '" + name + "' failed: " + cause, cause);
        }
    }

    private synchronized TopicOps sourceTopics() {
        return started(sourceTopics);
    }

    private synchronized TopicOps targetTopics() {
        return started(targetTopics);
    }

    private static <T> T started(T component) {
        if (component == null) {
            throw new IllegalStateException("FerryClusters is not started (call start()) or already closed");
        }
        return component;
    }

    private static void closeQuietly(TopicOps topics, List<RuntimeException> failures) {
        if (topics != null) {
            run(topics::close, failures);
        }
    }

    private static void run(Runnable step, List<RuntimeException> failures) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    /** Configures a {@link FerryClusters}; nothing starts until {@link FerryClusters#start()}. */
    public static final class Builder {
        private int workers = 1;
        private final Map<String, String> workerProps = new LinkedHashMap<>();
        private final Map<String, String> sourceBrokerProps = new LinkedHashMap<>();
        private final Map<String, String> targetBrokerProps = new LinkedHashMap<>();
        private Path pluginPath;
        private boolean withoutFerryPlugin;

        private Builder() {
        }

        /** @param count Connect workers, 1 to 3 (the machines have two cores) */
        public Builder workers(int count) {
            if (count < 1 || count > 3) {
                throw new IllegalArgumentException("workers must be between 1 and 3: " + count);
            }
            this.workers = count;
            return this;
        }

        /** Sets a worker property, overriding the kit's default for that key. */
        public Builder workerProp(String key, String value) {
            workerProps.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /** Sets a source broker property, overriding the kit's default for that key. */
        public Builder sourceBrokerProp(String key, String value) {
            sourceBrokerProps.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /** Sets a target broker property, overriding the kit's default for that key. */
        public Builder targetBrokerProp(String key, String value) {
            targetBrokerProps.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /** Uses this plugin directory instead of the one named by system property {@value FerryPluginPath#PROPERTY}. */
        public Builder pluginPath(Path dir) {
            this.pluginPath = Objects.requireNonNull(dir);
            return this;
        }

        /**
         * Starts the workers with no {@code plugin.path} at all. Only for the kit's own tests and tests
         * that need no Ferry connector: Ferry's tests load Ferry the way users do.
         */
        public Builder withoutFerryPlugin() {
            this.withoutFerryPlugin = true;
            return this;
        }

        /**
         * @return the configured, not yet started clusters
         * @throws IllegalStateException if the plugin directory is missing or holds no plugin jar
         *                               (message: "build the plugin first: mvn -pl distribution -am package")
         */
        public FerryClusters build() {
            Optional<Path> plugins;
            if (withoutFerryPlugin) {
                plugins = Optional.empty();
            } else if (pluginPath != null) {
                plugins = Optional.of(FerryPluginPath.validate(pluginPath));
            } else {
                plugins = Optional.of(FerryPluginPath.fromSystemProperty());
            }
            return new FerryClusters(this, plugins);
        }
    }
}
