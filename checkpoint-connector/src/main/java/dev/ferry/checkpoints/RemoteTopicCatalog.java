package dev.ferry.checkpoints;

import dev.ferry.common.KafkaCalls;
import dev.ferry.common.ReplicationPolicy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * {@link MirroredTopics} from the target's topic list: a source topic is mirrored when the topic the
 * replication policy names for it exists on the target. The list is fetched again once per refresh
 * interval; when a fetch fails the previous list stays in use until the next interval after the failure.
 */
final class RemoteTopicCatalog implements MirroredTopics {

    private static final Logger log = LoggerFactory.getLogger(RemoteTopicCatalog.class);

    private final Admin targetAdmin;
    private final ReplicationPolicy policy;
    private final String sourceAlias;
    private final String targetAlias;
    private final long refreshIntervalMs;
    private final Duration callTimeout;
    private final LongSupplier clock;

    private Set<String> targetTopics;
    private long nextRefreshMs;

    RemoteTopicCatalog(Admin targetAdmin, ReplicationPolicy policy, String sourceAlias, String targetAlias,
                       long refreshIntervalMs, Duration callTimeout, LongSupplier clock) {
        this.targetAdmin = targetAdmin;
        this.policy = policy;
        this.sourceAlias = sourceAlias;
        this.targetAlias = targetAlias;
        this.refreshIntervalMs = refreshIntervalMs;
        this.callTimeout = callTimeout;
        this.clock = clock;
    }

    @Override
    public boolean isMirrored(String sourceTopic) {
        refreshIfDue();
        return targetTopics.contains(policy.remoteTopic(sourceAlias, sourceTopic));
    }

    private void refreshIfDue() {
        long now = clock.getAsLong();
        if (targetTopics != null && now < nextRefreshMs) {
            return;
        }
        try {
            targetTopics = Set.copyOf(KafkaCalls.await(targetAdmin.listTopics(new ListTopicsOptions()
                .timeoutMs((int) callTimeout.toMillis())).names(), callTimeout, "listing topics of target cluster '" + targetAlias + "'"));
            nextRefreshMs = now + refreshIntervalMs;
        } catch (AuthorizationException denied) {
            throw denied;
        } catch (KafkaException e) {
            if (targetTopics == null) {
                throw e;
            }
            // a passing failure: the remote topics rarely change, so the last list is a good answer meanwhile
            log.warn("Listing topics of target cluster '{}' failed, using the list from before: {}", targetAlias, e.toString());
            // Counted from the end of the failed call: one that timed out must not be retried by the next lookup of
            // the same round, or a round over many partitions takes a call timeout each while the target is down,
            // and Connect cannot stop the task in time (it waits for poll() to return).
            nextRefreshMs = clock.getAsLong() + refreshIntervalMs;
        }
    }

    @Override
    public void close() {
        targetAdmin.close(Duration.ZERO);
    }
}
