package dev.ferry.checkpoints;

import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The connector's view of which consumer groups to checkpoint. At start it reaches both clusters
 * (listing the source's groups, creating the checkpoints topic on the target), retrying until
 * {@code startup.timeout.ms}; then it lists the groups every refresh interval and asks Connect for
 * new task configs when groups came or went.
 */
final class GroupWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupWatcher.class);
    private static final Duration MAX_CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final CheckpointConfig config;
    private final SourceGroups sourceGroups;
    private final Runnable ensureCheckpointsTopic;
    private final AutoCloseable clients;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;

    private ConnectorContext context;
    private volatile Set<String> groups = Set.of();
    private int failedRefreshes;

    GroupWatcher(CheckpointConfig config, SourceGroups sourceGroups, Runnable ensureCheckpointsTopic,
                 AutoCloseable clients, LongSupplier clock) {
        this.config = config;
        this.sourceGroups = sourceGroups;
        this.ensureCheckpointsTopic = ensureCheckpointsTopic;
        this.clients = clients;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ferry-group-watcher-" + config.sourceAlias() + "->" + config.targetAlias());
            thread.setDaemon(true);
            return thread;
        });
    }

    static GroupWatcher create(CheckpointConfig config) {
        String clientPrefix = "ferry-checkpoints-" + config.sourceAlias() + "->" + config.targetAlias();
        // One admin call never outlasts half the startup budget, so an unreachable cluster fails start in time.
        Duration callTimeout = callTimeout(config);
        Admin source = Admin.create(config.sourceAdminConfig(clientPrefix + "-source-admin"));
        Admin target = Admin.create(config.targetAdminConfig(clientPrefix + "-target-admin"));
        return new GroupWatcher(config,
            SourceGroups.of(source, config.groupFilter(), callTimeout, config.sourceAlias()),
            () -> {
                new CheckpointsTopic(target, config.checkpointsTopic(), config.checkpointsReplicationFactor(), callTimeout).ensure();
                if (config.verificationEnabled()) {
                    new CheckpointsTopic(target, config.verificationTopic(), config.checkpointsReplicationFactor(), callTimeout).ensure();
                }
            },
            () -> {
                // Fail pending calls at once: waiting for calls to an unreachable cluster would block stop.
                source.close(Duration.ZERO);
                target.close(Duration.ZERO);
            }, System::currentTimeMillis);
    }

    static Duration callTimeout(CheckpointConfig config) {
        return Duration.ofMillis(Math.min(MAX_CALL_TIMEOUT.toMillis(), config.startupTimeoutMs() / 2));
    }

    /**
     * Lists the groups and creates the checkpoints topic, retrying each until {@code startup.timeout.ms},
     * then schedules the refreshes.
     *
     * @throws ConnectException when a cluster cannot be reached in time or denies an operation, naming it
     */
    void start(ConnectorContext context) {
        this.context = context;
        long deadline = clock.getAsLong() + config.startupTimeoutMs();
        try {
            groups = Set.copyOf(untilDeadline(deadline, "source cluster '" + config.sourceAlias() + "' at "
                + config.getList(CheckpointConfig.SOURCE_BOOTSTRAP), GroupWatcher::listingOperation, sourceGroups::list));
            String creating = "CREATE or DESCRIBE (creating topic " + config.checkpointsTopic()
                + (config.verificationEnabled() ? " and topic " + config.verificationTopic() : "") + ")";
            untilDeadline(deadline, "target cluster '" + config.targetAlias() + "' at "
                    + config.getList(CheckpointConfig.TARGET_BOOTSTRAP), denied -> creating,
                () -> {
                    ensureCheckpointsTopic.run();
                    return null;
                });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Checkpointing {} consumer group(s) of cluster '{}'", groups.size(), config.sourceAlias());
        long refresh = config.refreshGroupsIntervalMs();
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, refresh, refresh, TimeUnit.MILLISECONDS);
    }

    /** The operation a denial of listing the source's groups refused. */
    static String listingOperation(AuthorizationException denied) {
        return denied instanceof SourceGroups.UnlistedGroupDenied
            ? "DESCRIBE (describing a consumer group named in " + CheckpointConfig.GROUPS + " that the group listing left out, "
                + "as Kafka lists only the groups the principal may describe)"
            : "DESCRIBE (listing consumer groups)";
    }

    private <T> T untilDeadline(long deadline, String cluster, Function<AuthorizationException, String> operation, Supplier<T> call) {
        long backoffMs = 250;
        while (true) {
            try {
                return call.get();
            } catch (AuthorizationException denied) {
                throw new ConnectException(KafkaCalls.describeDenial(denied, cluster, operation.apply(denied)), denied);
            } catch (RuntimeException e) {
                long now = clock.getAsLong();
                if (now >= deadline) {
                    throw new ConnectException("Could not reach the " + cluster + " within " + config.startupTimeoutMs()
                        + " ms (" + CheckpointConfig.STARTUP_TIMEOUT_MS + "). Last error: " + e, e);
                }
                log.warn("Reaching the {} failed, retrying in {} ms: {}", cluster, backoffMs, e.toString());
                Utils.sleep(Math.min(backoffMs, deadline - now)); // back-off between attempts, not synchronisation
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            }
        }
    }

    /** The groups to checkpoint now, sorted. */
    Set<String> groups() {
        return groups;
    }

    /** One pass: list the groups and ask for new task configs if they changed. */
    void refresh() {
        Set<String> next = Set.copyOf(sourceGroups.list());
        Set<String> previous = groups;
        if (next.equals(previous)) {
            return;
        }
        Set<String> added = new HashSet<>(next);
        added.removeAll(previous);
        Set<String> removed = new HashSet<>(previous);
        removed.removeAll(next);
        log.info("Consumer groups to checkpoint changed: {} now, {} new, {} gone", next.size(), added.size(), removed.size());
        log.debug("New groups: {}; gone: {}", added, removed);
        groups = next;
        if (context != null) {
            context.requestTaskReconfiguration();
        }
    }

    /** A scheduled pass: denials are raised to Connect, other failures logged and retried next interval. */
    void refreshQuietly() {
        try {
            refresh();
            if (failedRefreshes > 0) {
                log.info("Listing consumer groups recovered after {} failed attempt(s)", failedRefreshes);
            }
            failedRefreshes = 0;
        } catch (AuthorizationException denied) {
            context.raiseError(new ConnectException(KafkaCalls.describeDenial(denied,
                "source cluster '" + config.sourceAlias() + "'", listingOperation(denied)), denied));
        } catch (RuntimeException e) {
            // Clusters come and go; tasks keep checkpointing the groups they have and the next pass retries.
            failedRefreshes++;
            if (e instanceof RetriableException || e.getCause() instanceof RetriableException) {
                log.warn("Listing consumer groups failed ({} time(s) in a row), retrying in {} ms: {}", failedRefreshes,
                    config.refreshGroupsIntervalMs(), e.toString());
            } else {
                log.error("Listing consumer groups failed ({} time(s) in a row), retrying in {} ms", failedRefreshes,
                    config.refreshGroupsIntervalMs(), e);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Group watcher did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            clients.close();
        } catch (Exception e) {
            log.warn("Closing admin clients failed: {}", e.toString());
        }
    }
}
