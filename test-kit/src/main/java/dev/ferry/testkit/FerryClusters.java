package dev.ferry.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
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
 * <p>With {@link Builder#sourceSasl(Map)} the source cluster requires SASL/PLAIN logins and authorizes
 * them with {@code StandardAuthorizer}: the kit's own clients (topic creation, oracle producers,
 * checkers, {@code source().createAdminClient()} and the like) log in as the super user
 * {@value #SOURCE_SUPER_USER}; the test's users start with no ACL at all. Grant with
 * {@link #grantSource(Collection)}, and give a connector a user's login with
 * {@link #sourceClientSettings(String, String)}. The target (Connect's) cluster stays PLAINTEXT.
 *
 * <p>Starting takes several seconds: share one instance across the tests of a class.
 */
public final class FerryClusters implements AutoCloseable {

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ACL_TIMEOUT = Duration.ofSeconds(30);

    /** The super user the kit's own clients log in as when the source cluster uses SASL. */
    public static final String SOURCE_SUPER_USER = "ferry-kit-admin";
    private static final String SOURCE_SUPER_PASSWORD = "ferry-kit-admin-secret";

    private final int workers;
    private final Map<String, String> workerProps;
    private final Map<String, String> sourceBrokerProps;
    private final Map<String, String> targetBrokerProps;
    private final Optional<SaslUsers> sourceSasl;

    private EmbeddedKafkaCluster source;
    private EmbeddedConnectCluster connect;
    /** The map handed to the embedded Connect cluster, which completes it (bootstrap, group, internal topics) at start. */
    private Map<String, String> startedWorkerProps;
    private TopicOps sourceTopics;
    private TopicOps targetTopics;

    private FerryClusters(Builder builder, Optional<Path> pluginPath) {
        this.workers = builder.workers;
        this.workerProps = ClusterConfigs.workerProps(pluginPath, builder.workerProps);
        this.sourceBrokerProps = Map.copyOf(builder.sourceBrokerProps);
        this.targetBrokerProps = Map.copyOf(builder.targetBrokerProps);
        this.sourceSasl = builder.sourceUsers == null ? Optional.empty()
                : Optional.of(new SaslUsers(SOURCE_SUPER_USER, SOURCE_SUPER_PASSWORD, builder.sourceUsers));
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
        Map<String, String> sourceProps = new LinkedHashMap<>();
        sourceSasl.ifPresent(users -> sourceProps.putAll(users.brokerProps()));
        sourceProps.putAll(sourceBrokerProps);
        // Every client EmbeddedKafkaCluster makes (its own producer, its readiness check, createAdminClient,
        // createProducer, createConsumer) starts from these settings, so all of the kit's clients log in.
        Map<String, String> sourceClients = sourceSasl.map(users -> users.clientSettings("", users.superUser()))
                .orElse(Map.of());
        source = new EmbeddedKafkaCluster(1, ClusterConfigs.brokerProps(sourceProps), sourceClients);
        source.start();
        sourceTopics = new TopicOps("source", source);
        startedWorkerProps = new LinkedHashMap<>(workerProps);
        connect = new EmbeddedConnectCluster.Builder()
                .name("ferry-connect")
                .numWorkers(workers)
                .numBrokers(1)
                .brokerProps(ClusterConfigs.brokerProps(targetBrokerProps))
                .workerProps(startedWorkerProps)
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

    /** @return whether the source cluster requires SASL logins and authorizes them ({@link Builder#sourceSasl}) */
    public boolean sourceUsesSasl() {
        return sourceSasl.isPresent();
    }

    /**
     * The client settings that log in to the SASL source cluster as {@code user}, each key prefixed,
     * e.g. with prefix {@code "source.cluster."}: {@code source.cluster.security.protocol=SASL_PLAINTEXT},
     * {@code source.cluster.sasl.mechanism=PLAIN} and {@code source.cluster.sasl.jaas.config=...}.
     * Bootstrap servers are not included ({@link #sourceBootstrap()}).
     *
     * @param prefix a connector key prefix such as {@code source.cluster.}, {@code target.cluster.} or
     *               {@code producer.override.}; {@code ""} for a client's own settings
     * @param user   a user given to {@link Builder#sourceSasl}, or {@link #SOURCE_SUPER_USER}
     * @return the settings, in a new mutable map
     * @throws IllegalStateException    if the source cluster does not use SASL
     * @throws IllegalArgumentException if the user is unknown
     */
    public Map<String, String> sourceClientSettings(String prefix, String user) {
        return new LinkedHashMap<>(requireSourceSasl().clientSettings(prefix, user));
    }

    /**
     * Creates ACLs on the source cluster (as the super user) and returns once the broker enforces them,
     * i.e. once its authorizer lists every one of them.
     *
     * @param bindings the ACLs, e.g. from {@link Acls}
     * @throws IllegalStateException if the source cluster does not use SASL, or creation fails
     * @throws AssertionError        if the broker does not list them within 30 s
     */
    public void grantSource(Collection<AclBinding> bindings) {
        requireSourceSasl();
        try (Admin admin = source().createAdminClient()) {
            admin.createAcls(bindings).all().get(ACL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // CreateAcls goes to the controller; DescribeAcls is answered by the broker's own authorizer,
            // so seeing them listed means the broker applies them.
            Waits.until("source broker to enforce ACLs " + bindings, ACL_TIMEOUT,
                    () -> listed(admin, bindings).containsAll(bindings));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = Waits.unwrap(e);
            throw new IllegalStateException("granting ACLs " + bindings + " on the source failed: " + cause, cause);
        }
    }

    /** Varargs form of {@link #grantSource(Collection)}. */
    public void grantSource(AclBinding... bindings) {
        grantSource(List.of(bindings));
    }

    /**
     * Deletes exactly these ACLs from the source cluster and returns once the broker no longer lists them.
     *
     * @throws IllegalStateException if the source cluster does not use SASL, or deletion fails
     * @throws AssertionError        if the broker still lists one after 30 s
     */
    public void revokeSource(Collection<AclBinding> bindings) {
        requireSourceSasl();
        try (Admin admin = source().createAdminClient()) {
            List<AclBindingFilter> filters = bindings.stream().map(AclBinding::toFilter).toList();
            admin.deleteAcls(filters).all().get(ACL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Waits.until("source broker to stop enforcing ACLs " + bindings, ACL_TIMEOUT,
                    () -> listed(admin, bindings).stream().noneMatch(bindings::contains));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = Waits.unwrap(e);
            throw new IllegalStateException("revoking ACLs " + bindings + " on the source failed: " + cause, cause);
        }
    }

    private static Set<AclBinding> listed(Admin admin, Collection<AclBinding> bindings) throws Exception {
        Set<AclBinding> listed = new HashSet<>();
        for (AclBinding binding : bindings) {
            listed.addAll(admin.describeAcls(binding.toFilter()).values().get(10, TimeUnit.SECONDS));
        }
        return listed;
    }

    private SaslUsers requireSourceSasl() {
        return sourceSasl.orElseThrow(() -> new IllegalStateException(
                "the source cluster does not use SASL: build it with FerryClusters.builder().sourceSasl(users)"));
    }

    /** @return the worker settings in force (after the test's overrides), e.g. to start an extra worker in a child JVM */
    public Map<String, String> workerProps() {
        return Map.copyOf(workerProps);
    }

    /**
     * The complete settings of the running Connect cluster's workers (bootstrap servers, group id,
     * internal topics, plugin path), so that a worker started elsewhere, e.g. in a child JVM by
     * {@link ChildConnectWorker}, joins this Connect cluster.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized Map<String, String> joiningWorkerProps() {
        if (startedWorkerProps == null || !startedWorkerProps.containsKey("group.id")) {
            throw new IllegalStateException("the Connect cluster has not started");
        }
        return Map.copyOf(startedWorkerProps);
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
        private Map<String, String> sourceUsers;
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

        /**
         * Makes the source cluster require SASL/PLAIN over plaintext (SASL_PLAINTEXT) on its client and
         * controller listeners, with {@code StandardAuthorizer} and no access without an ACL. The kit logs
         * in as {@link FerryClusters#SOURCE_SUPER_USER}; these users exist with no ACL at all.
         *
         * @param usersAndPasswords user name to password; names of letters, digits, '.', '_' and '-',
         *                          passwords without '"' or '\'
         */
        public Builder sourceSasl(Map<String, String> usersAndPasswords) {
            this.sourceUsers = new LinkedHashMap<>(Objects.requireNonNull(usersAndPasswords));
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
