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
import java.util.function.Consumer;

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
 * {@link #sourceClientSettings(String, String)}.
 *
 * <p>More generally {@link Builder#sourceSecurity} and {@link Builder#targetSecurity} secure each cluster
 * independently ({@link ClusterSecurity}: TLS, mutual TLS, SASL PLAIN or SCRAM-SHA-512 over plaintext or
 * TLS). On a secured target the workers connect as {@link Builder#targetWorkerUser} (by default the
 * target's super user {@value #TARGET_SUPER_USER}); when the target uses SASL the workers start only after
 * the SCRAM users exist and {@link Builder#beforeWorkers} has run, so a test can grant the workers' ACLs first.
 *
 * <p>Starting takes several seconds: share one instance across the tests of a class.
 */
public final class FerryClusters implements AutoCloseable {

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ACL_TIMEOUT = Duration.ofSeconds(30);

    /** The super user the kit's own clients log in as when the source cluster uses SASL. */
    public static final String SOURCE_SUPER_USER = "ferry-kit-admin";
    private static final String SOURCE_SUPER_PASSWORD = "ferry-kit-admin-secret";
    /** The super user the kit's own clients (and by default the workers) log in as when the target cluster uses SASL. */
    public static final String TARGET_SUPER_USER = "ferry-kit-target-admin";
    private static final String TARGET_SUPER_PASSWORD = "ferry-kit-target-admin-secret";
    private static final Duration WORKERS_TIMEOUT = Duration.ofSeconds(90);

    private final int workers;
    private final Map<String, String> workerProps;
    private final Map<String, String> sourceBrokerProps;
    private final Map<String, String> targetBrokerProps;
    private final SecuredCluster sourceSecurity;
    private final SecuredCluster targetSecurity;
    private final String targetWorkerUser;
    private final Consumer<FerryClusters> beforeWorkers;

    private EmbeddedKafkaCluster source;
    private EmbeddedConnectCluster connect;
    /** The map handed to the embedded Connect cluster, which completes it (bootstrap, group, internal topics) at start. */
    private Map<String, String> startedWorkerProps;
    private TopicOps sourceTopics;
    private TopicOps targetTopics;

    private FerryClusters(Builder builder, Optional<Path> pluginPath) {
        this.workers = builder.workers;
        this.sourceBrokerProps = Map.copyOf(builder.sourceBrokerProps);
        this.targetBrokerProps = Map.copyOf(builder.targetBrokerProps);
        this.sourceSecurity = new SecuredCluster("source", builder.sourceSecurity, builder.tlsDirectory,
                SOURCE_SUPER_USER, SOURCE_SUPER_PASSWORD);
        this.targetSecurity = new SecuredCluster("target", builder.targetSecurity, builder.tlsDirectory,
                TARGET_SUPER_USER, TARGET_SUPER_PASSWORD);
        this.targetWorkerUser = builder.targetWorkerUser == null ? TARGET_SUPER_USER : builder.targetWorkerUser;
        this.beforeWorkers = builder.beforeWorkers;
        Map<String, String> workerOverrides = new LinkedHashMap<>();
        if (!"PLAINTEXT".equals(builder.targetSecurity.protocol())) {
            // the worker's own clients (internal topics, group), the clients it makes for connectors, and what
            // REST extensions read from the worker's configuration all reach the target the same way
            for (String prefix : List.of("", "producer.", "consumer.", "admin.")) {
                workerOverrides.putAll(targetSecurity.clientSettings(prefix, targetSecurity.usesSasl() ? targetWorkerUser : null));
            }
        }
        workerOverrides.putAll(builder.workerProps);
        this.workerProps = ClusterConfigs.workerProps(pluginPath, workerOverrides);
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
        Map<String, String> sourceProps = new LinkedHashMap<>(sourceSecurity.brokerProps());
        sourceProps.putAll(sourceBrokerProps);
        // Every client EmbeddedKafkaCluster makes (its own producer, its readiness check, createAdminClient,
        // createProducer, createConsumer) starts from these settings, so all of the kit's clients log in.
        source = new EmbeddedKafkaCluster(1, ClusterConfigs.brokerProps(sourceProps), sourceSecurity.kitClientSettings());
        source.start();
        try (Admin admin = source.createAdminClient()) {
            sourceSecurity.createScramCredentials(admin);
        }
        sourceTopics = new TopicOps("source", source);
        startedWorkerProps = new LinkedHashMap<>(workerProps);
        Map<String, String> targetProps = new LinkedHashMap<>(targetSecurity.brokerProps());
        targetProps.putAll(targetBrokerProps);
        // Workers that log in need their users (and maybe ACLs) first: start the cluster alone, then add them.
        boolean workersLater = targetSecurity.usesSasl() || beforeWorkers != null;
        connect = new EmbeddedConnectCluster.Builder()
                .name("ferry-connect")
                .numWorkers(workersLater ? 0 : workers)
                .numBrokers(1)
                .brokerProps(ClusterConfigs.brokerProps(targetProps))
                .clientProps(targetSecurity.kitClientSettings())
                .workerProps(startedWorkerProps)
                .build();
        connect.start();
        targetTopics = new TopicOps("target", connect.kafka());
        if (workersLater) {
            try (Admin admin = connect.kafka().createAdminClient()) {
                targetSecurity.createScramCredentials(admin);
            }
            if (beforeWorkers != null) {
                beforeWorkers.accept(this);
            }
            for (int i = 0; i < workers; i++) {
                connect.addWorker();
            }
            Waits.until(workers + " Connect workers to answer on REST", WORKERS_TIMEOUT,
                    () -> connect.healthyWorkers().size() >= workers);
        }
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
        return sourceSecurity.usesSasl();
    }

    /** @return whether the target cluster requires SASL logins and authorizes them ({@link Builder#targetSecurity}) */
    public boolean targetUsesSasl() {
        return targetSecurity.usesSasl();
    }

    /** @return the SASL user the workers log in to a SASL target as */
    public String targetWorkerUser() {
        return targetWorkerUser;
    }

    /**
     * The connection settings for reaching the target cluster (security protocol, TLS stores, and with SASL the
     * login of {@code user}), each key prefixed. See {@link #sourceClientSettings(String, String)}.
     *
     * @param user a SASL user of the target; ignored (may be null) when the target has no SASL
     * @throws IllegalStateException    if the target cluster is PLAINTEXT
     * @throws IllegalArgumentException if the target uses SASL and the user is unknown
     */
    public Map<String, String> targetClientSettings(String prefix, String user) {
        return new LinkedHashMap<>(secured(targetSecurity, "target", "targetSecurity").clientSettings(prefix, user));
    }

    /**
     * Every password the clusters' security uses (SASL users, the kit's super users, TLS stores), so that a
     * test can check that none of them shows anywhere it must not.
     */
    public List<String> securityPasswords() {
        List<String> passwords = new ArrayList<>(sourceSecurity.passwords());
        passwords.addAll(targetSecurity.passwords());
        return List.copyOf(passwords);
    }

    /**
     * The client settings that reach the secured source cluster, logging in as {@code user} when it uses SASL,
     * each key prefixed, e.g. with prefix {@code "source.cluster."}: {@code source.cluster.security.protocol=SASL_PLAINTEXT},
     * {@code source.cluster.sasl.mechanism=PLAIN} and {@code source.cluster.sasl.jaas.config=...}, plus the
     * {@code ssl.*} truststore (and keystore, for mutual TLS) settings when it uses TLS.
     * Bootstrap servers are not included ({@link #sourceBootstrap()}).
     *
     * @param prefix a connector key prefix such as {@code source.cluster.}, {@code target.cluster.} or
     *               {@code producer.override.}; {@code ""} for a client's own settings
     * @param user   a user given to {@link Builder#sourceSasl}, or {@link #SOURCE_SUPER_USER}; ignored (may be
     *               null) when the source has no SASL
     * @return the settings, in a new mutable map
     * @throws IllegalStateException    if the source cluster is PLAINTEXT
     * @throws IllegalArgumentException if the source uses SASL and the user is unknown
     */
    public Map<String, String> sourceClientSettings(String prefix, String user) {
        return new LinkedHashMap<>(secured(sourceSecurity, "source", "sourceSecurity").clientSettings(prefix, user));
    }

    private static SecuredCluster secured(SecuredCluster cluster, String name, String builderMethod) {
        if ("PLAINTEXT".equals(cluster.security().protocol())) {
            throw new IllegalStateException("the " + name + " cluster is PLAINTEXT: there are no client settings to give;"
                    + " build it with FerryClusters.builder()." + builderMethod + "(...)");
        }
        return cluster;
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
        grant(source(), "source", bindings);
    }

    /**
     * Like {@link #grantSource(Collection)}, on the target cluster (which must use SASL). May be called from
     * {@link Builder#beforeWorkers}, before any worker runs.
     */
    public void grantTarget(Collection<AclBinding> bindings) {
        requireTargetSasl();
        grant(started(connect).kafka(), "target", bindings);
    }

    /** Like {@link #revokeSource(Collection)}, on the target cluster (which must use SASL). */
    public void revokeTarget(Collection<AclBinding> bindings) {
        requireTargetSasl();
        revoke(target(), "target", bindings);
    }

    private static void grant(EmbeddedKafkaCluster cluster, String name, Collection<AclBinding> bindings) {
        try (Admin admin = cluster.createAdminClient()) {
            admin.createAcls(bindings).all().get(ACL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // CreateAcls goes to the controller; DescribeAcls is answered by the broker's own authorizer,
            // so seeing them listed means the broker applies them.
            Waits.until(name + " broker to enforce ACLs " + bindings, ACL_TIMEOUT,
                    () -> listed(admin, bindings).containsAll(bindings));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = Waits.unwrap(e);
            throw new IllegalStateException("granting ACLs " + bindings + " on the " + name + " failed: " + cause, cause);
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
        revoke(source(), "source", bindings);
    }

    private static void revoke(EmbeddedKafkaCluster cluster, String name, Collection<AclBinding> bindings) {
        try (Admin admin = cluster.createAdminClient()) {
            List<AclBindingFilter> filters = bindings.stream().map(AclBinding::toFilter).toList();
            admin.deleteAcls(filters).all().get(ACL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Waits.until(name + " broker to stop enforcing ACLs " + bindings, ACL_TIMEOUT,
                    () -> listed(admin, bindings).stream().noneMatch(bindings::contains));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = Waits.unwrap(e);
            throw new IllegalStateException("revoking ACLs " + bindings + " on the " + name + " failed: " + cause, cause);
        }
    }

    private static Set<AclBinding> listed(Admin admin, Collection<AclBinding> bindings) throws Exception {
        Set<AclBinding> listed = new HashSet<>();
        for (AclBinding binding : bindings) {
            listed.addAll(admin.describeAcls(binding.toFilter()).values().get(10, TimeUnit.SECONDS));
        }
        return listed;
    }

    private void requireSourceSasl() {
        if (!sourceSecurity.usesSasl()) {
            throw new IllegalStateException(
                "the source cluster does not use SASL: build it with FerryClusters.builder().sourceSasl(users)");
        }
    }

    private void requireTargetSasl() {
        if (!targetSecurity.usesSasl()) {
            throw new IllegalStateException(
                "the target cluster does not use SASL: build it with FerryClusters.builder().targetSecurity(ClusterSecurity.sasl(...))");
        }
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
        private ClusterSecurity sourceSecurity = ClusterSecurity.plaintext();
        private ClusterSecurity targetSecurity = ClusterSecurity.plaintext();
        private Path tlsDirectory = Path.of("target", "ferry-tls");
        private String targetWorkerUser;
        private Consumer<FerryClusters> beforeWorkers;
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
            return sourceSecurity(ClusterSecurity.sasl(ClusterSecurity.Mechanism.PLAIN, Objects.requireNonNull(usersAndPasswords)));
        }

        /** Secures the source cluster's client listener (PLAINTEXT unless set). */
        public Builder sourceSecurity(ClusterSecurity security) {
            this.sourceSecurity = Objects.requireNonNull(security);
            return this;
        }

        /**
         * Secures the target (Connect's own) cluster's client listener (PLAINTEXT unless set); the workers and
         * the kit's clients are given the matching settings.
         */
        public Builder targetSecurity(ClusterSecurity security) {
            this.targetSecurity = Objects.requireNonNull(security);
            return this;
        }

        /** With a SASL target: the user the workers log in as (one of the target's users); its ACLs are the test's to grant. */
        public Builder targetWorkerUser(String user) {
            this.targetWorkerUser = Objects.requireNonNull(user);
            return this;
        }

        /**
         * Runs {@code step} once the target cluster is up (and its SCRAM users exist) but before any worker
         * starts, e.g. to {@link FerryClusters#grantTarget grant} the workers' ACLs.
         */
        public Builder beforeWorkers(Consumer<FerryClusters> step) {
            this.beforeWorkers = Objects.requireNonNull(step);
            return this;
        }

        /** Where generated keystores and truststores go ({@code target/ferry-tls} unless set). */
        public Builder tlsDirectory(Path dir) {
            this.tlsDirectory = Objects.requireNonNull(dir);
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
