package dev.ferry.mirror;

import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the connector's picture of the source topics current: scans the source cluster every refresh
 * interval, creates and grows remote topics, syncs topic settings on their own schedule, and asks
 * Connect for new task configs when the set of partitions (or a topic's id) changes.
 */
final class TopicWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicWatcher.class);
    private static final Duration MAX_CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final MirrorSourceConfig config;
    private final Admin sourceAdmin;
    private final Admin targetAdmin;
    private final SourceTopicScanner scanner;
    private final RemoteTopics remoteTopics;
    private final TopicConfigSync configSync;
    private final TopicAclSync aclSync;
    private final ScheduledExecutorService scheduler;

    private ConnectorContext context;
    private volatile List<AssignedPartition> partitions = List.of();
    private volatile Collection<SourceTopic> readyTopics = List.of();
    private int failedRefreshes;
    // Bumped after an outage so the task configs change and Connect restarts tasks that failed meanwhile.
    private volatile int taskGeneration;
    // A task may fail just after the first successful pass (its consumer reconnects with a back-off), so
    // the pass after that restarts tasks once more.
    private boolean settlePassPending;

    TopicWatcher(MirrorSourceConfig config, Admin sourceAdmin, Admin targetAdmin) {
        this.config = config;
        this.sourceAdmin = sourceAdmin;
        this.targetAdmin = targetAdmin;
        // One admin call never outlasts the startup budget, so an unreachable cluster fails start in time.
        Duration callTimeout = Duration.ofMillis(Math.min(MAX_CALL_TIMEOUT.toMillis(), config.startupTimeoutMs() / 2));
        this.scanner = new SourceTopicScanner(sourceAdmin, config.topicFilter(), config.replicationPolicy(),
            config.sourceAlias(), callTimeout);
        this.configSync = new TopicConfigSync(sourceAdmin, targetAdmin, config.syncConfigsExclude(), callTimeout);
        this.aclSync = new TopicAclSync(sourceAdmin, targetAdmin, callTimeout);
        this.remoteTopics = new RemoteTopics(targetAdmin, configSync, config.targetReplicationFactor(),
            config.syncPartitions(), config.syncConfigs(), callTimeout);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-topic-watcher-" + config.sourceAlias() + "->" + config.targetAlias());
            thread.setDaemon(true);
            return thread;
        });
    }

    static TopicWatcher create(MirrorSourceConfig config) {
        String clientPrefix = "ferry-" + config.sourceAlias() + "->" + config.targetAlias();
        Admin source = Admin.create(config.sourceAdminConfig(clientPrefix + "-source-admin"));
        Admin target = Admin.create(config.targetAdminConfig(clientPrefix + "-target-admin"));
        return new TopicWatcher(config, source, target);
    }

    /**
     * Runs the first scan now, retrying until {@code startup.timeout.ms}, then schedules the next ones.
     *
     * @throws ConnectException when the first scan cannot succeed in time, naming the cluster and why
     */
    void start(ConnectorContext context) {
        this.context = context;
        long deadline = System.currentTimeMillis() + config.startupTimeoutMs();
        long backoffMs = 250;
        while (true) {
            try {
                // The probe fails within its timeout while the source is down, so a start during an outage is counted
                // (below); timing the whole scan instead would also count a slow one of thousands of topics.
                probeSource();
                refresh();
                break;
            } catch (AuthorizationException denied) {
                close();
                throw new ConnectException(denialMessage(denied), denied);
            } catch (RemoteTopics.MismatchException mismatch) {
                close();
                throw new ConnectException(mismatch.getMessage(), mismatch);
            } catch (RuntimeException e) {
                long now = System.currentTimeMillis();
                if (now >= deadline) {
                    close();
                    throw new ConnectException("Could not reach the clusters within " + config.startupTimeoutMs()
                        + " ms (" + MirrorSourceConfig.STARTUP_TIMEOUT_MS + "): source cluster '" + config.sourceAlias()
                        + "' at " + config.getList(MirrorSourceConfig.SOURCE_BOOTSTRAP) + ", target cluster '"
                        + config.targetAlias() + "' at " + config.getList(MirrorSourceConfig.TARGET_BOOTSTRAP)
                        + ". Last error: " + e, e);
                }
                // Counted like a failed refresh: the first scheduled pass then restarts the tasks. A connector that
                // starts (e.g. moves to another worker) during a source outage otherwise never restarts a task that
                // failed as "source unreachable" while the previous instance of the connector was stopping.
                failedRefreshes++;
                log.warn("Topic discovery failed, retrying in {} ms: {}", backoffMs, e.toString());
                Utils.sleep(Math.min(backoffMs, deadline - now)); // back-off between attempts, not synchronisation
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
        ensureInternalTopics();
        long refresh = config.refreshTopicsIntervalMs();
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, refresh, refresh, TimeUnit.MILLISECONDS);
        if (config.syncConfigs()) {
            long sync = config.syncConfigsIntervalMs();
            scheduler.scheduleWithFixedDelay(this::syncConfigsQuietly, sync, sync, TimeUnit.MILLISECONDS);
        }
        if (config.syncAcls()) {
            // first pass right away: failed-over consumers need the ACLs as soon as remote topics exist
            long sync = config.syncAclsIntervalMs();
            scheduler.scheduleWithFixedDelay(this::syncAclsQuietly, 0, sync, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Ferry's own topics, after the first scan created the remote ones. A broker applies topic creations in order,
     * so a task's start, which fetches the offset-syncs topic's metadata, waits until the broker got through the
     * remote topics too (~10 s at 1,000 topics here). Creating these first was measured to be slower end to end:
     * the tasks then start while the remote topics have no leaders yet, and Connect's producer waits for each one's
     * metadata in turn (1,000 topics: 39 s instead of 19 s to a first record everywhere).
     */
    private void ensureInternalTopics() {
        if (config.toleratesErrors()) {
            remoteTopics.ensureInternal(config.quarantineTopic());
        }
        if (config.emitsOffsetSyncs()) {
            // Time-based retention, never compaction: translation needs each partition's history of runs.
            Map<String, String> syncTopicConfigs = Map.of("cleanup.policy", "delete",
                "retention.ms", Long.toString(config.offsetSyncsRetentionMs()));
            if (config.offsetSyncsOnSource()) {
                remoteTopics.ensureInternal(sourceAdmin, "source", config.offsetSyncsTopic(), syncTopicConfigs);
            } else {
                remoteTopics.ensureInternal(targetAdmin, "target", config.offsetSyncsTopic(), syncTopicConfigs);
            }
        }
        if (config.publishesProgress()) {
            // Compacted: readers need each partition's latest report only. Hourly segments let compaction
            // reach reports soon, so a reader starting up reads little more than the latest ones.
            remoteTopics.ensureInternal(targetAdmin, "target", config.progressTopic(),
                Map.of("cleanup.policy", "compact", "segment.ms", "3600000"));
        }
    }

    /** Changes after every outage the watcher saw end; part of the task configs. */
    int taskGeneration() {
        return taskGeneration;
    }

    /** The partitions to mirror now, in a stable order. */
    List<AssignedPartition> partitions() {
        return partitions;
    }

    /**
     * A quick reachability check, so an outage shorter than a full scan's call timeout is still noticed
     * (and tasks that failed during it are restarted when it ends).
     */
    private void probeSource() {
        KafkaCalls.await(sourceAdmin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis())).clusterId(),
            PROBE_TIMEOUT, "reaching source cluster '" + config.sourceAlias() + "'");
    }

    /** One pass: scan, fix remote topics, and ask for new task configs if the partitions changed. */
    void refresh() {
        Map<String, SourceTopic> topics = scanner.scan();
        List<SourceTopic> ready = remoteTopics.ensure(topics.values());
        List<AssignedPartition> next = new ArrayList<>();
        for (SourceTopic topic : ready) {
            for (int p = 0; p < topic.partitions(); p++) {
                next.add(new AssignedPartition(new TopicPartition(topic.name(), p), topic.id(), topic.remoteName()));
            }
        }
        readyTopics = ready;
        if (!next.equals(partitions)) {
            log.info("Source partitions to mirror changed: {} partition(s) of {} topic(s)", next.size(), ready.size());
            partitions = List.copyOf(next);
            if (context != null) {
                context.requestTaskReconfiguration();
            }
        }
    }

    /** Names the cluster (with its alias), the operation and the topics when RemoteTopics knows them. */
    private String denialMessage(AuthorizationException denied) {
        if (denied instanceof RemoteTopics.DeniedException known) {
            String alias = "source".equals(known.cluster()) ? config.sourceAlias() : config.targetAlias();
            return "The " + known.cluster() + " cluster '" + alias + "' denied " + known.operation() + " on topic(s) "
                + new java.util.TreeSet<>(known.unauthorizedTopics()) + " to the configured principal. Grant the ACL and "
                + "restart the connector.";
        }
        return KafkaCalls.describeDenial(denied, "source cluster '" + config.sourceAlias() + "' or target cluster '"
            + config.targetAlias() + "'", "DESCRIBE (listing and describing topics)");
    }

    private void refreshQuietly() {
        try {
            probeSource();
            refresh();
            if (failedRefreshes > 0 || settlePassPending) {
                log.info("Source cluster '{}' reachable again after {} failed attempt(s); restarting tasks so any that failed "
                    + "while it was unreachable resume", config.sourceAlias(), failedRefreshes);
                settlePassPending = failedRefreshes > 0;
                taskGeneration++;
                context.requestTaskReconfiguration();
            }
            failedRefreshes = 0;
        } catch (AuthorizationException denied) {
            context.raiseError(new ConnectException(denialMessage(denied), denied));
        } catch (RemoteTopics.MismatchException mismatch) {
            context.raiseError(new ConnectException(mismatch.getMessage(), mismatch));
        } catch (org.apache.kafka.common.errors.InterruptException stopping) {
            // close() interrupts a pass in flight when the connector stops: nothing failed
            log.debug("Topic discovery interrupted by the connector stopping");
        } catch (RuntimeException e) {
            // Clusters come and go; tasks keep copying what they have and the next pass retries.
            failedRefreshes++;
            if (e instanceof RetriableException || e.getCause() instanceof RetriableException) {
                log.warn("Topic discovery failed ({} time(s) in a row), retrying in {} ms: {}", failedRefreshes,
                    config.refreshTopicsIntervalMs(), e.toString());
            } else {
                log.error("Topic discovery failed ({} time(s) in a row), retrying in {} ms", failedRefreshes,
                    config.refreshTopicsIntervalMs(), e);
            }
        }
    }

    private void syncConfigsQuietly() {
        try {
            configSync.sync(readyTopics);
        } catch (AuthorizationException denied) {
            // The operator asked for config sync; say loudly that it cannot work (copying goes on).
            context.raiseError(new ConnectException(KafkaCalls.describeDenial(denied, "source or target cluster",
                "DESCRIBE_CONFIGS on source topics or ALTER_CONFIGS on remote topics (" + MirrorSourceConfig.SYNC_CONFIGS_ENABLED
                    + "=true)"), denied));
        } catch (RuntimeException e) {
            log.warn("Topic config sync failed, retrying in {} ms: {}", config.syncConfigsIntervalMs(), e.toString());
        }
    }

    private void syncAclsQuietly() {
        try {
            aclSync.sync(readyTopics);
        } catch (AuthorizationException denied) {
            // The operator asked for ACL sync; say loudly that it cannot work (copying goes on).
            context.raiseError(new ConnectException(KafkaCalls.describeDenial(denied, "source or target cluster",
                "DESCRIBE on the source's ACLs or ALTER on the target's (" + MirrorSourceConfig.SYNC_ACLS_ENABLED + "=true)"), denied));
        } catch (SecurityDisabledException noAuthorizer) {
            context.raiseError(new ConnectException(MirrorSourceConfig.SYNC_ACLS_ENABLED + "=true but a cluster has no "
                + "authorizer configured, so there are no ACLs to read or write: " + noAuthorizer.getMessage(), noAuthorizer));
        } catch (RuntimeException e) {
            log.warn("Topic ACL sync failed, retrying in {} ms: {}", config.syncAclsIntervalMs(), e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Topic watcher did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Fail pending calls at once: a close that waits for calls to an unreachable cluster would block stop.
        sourceAdmin.close(Duration.ZERO);
        targetAdmin.close(Duration.ZERO);
    }
}
