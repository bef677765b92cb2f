package dev.ferry.mirror;

import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code max.message.bytes} of each remote topic of a task, so an oversized record is reported before the
 * target broker rejects it with a message that names neither the topic nor the offset. Read once when the task
 * starts, then again by the task's monitor thread every refresh interval (config sync may change it): the lookup
 * on the copy path only reads the last answer, never waits for the target cluster.
 */
final class RemoteTopicLimits {

    private static final Logger log = LoggerFactory.getLogger(RemoteTopicLimits.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Admin targetAdmin;
    private final Collection<String> remoteTopics;
    private volatile Map<String, Integer> limits = Map.of();

    RemoteTopicLimits(Admin targetAdmin, Collection<String> remoteTopics) {
        this.targetAdmin = targetAdmin;
        this.remoteTopics = remoteTopics;
    }

    /** The remote topic's limit in bytes, or {@link Integer#MAX_VALUE} when not known (yet). */
    int maxMessageBytes(String remoteTopic) {
        return limits.getOrDefault(remoteTopic, Integer.MAX_VALUE);
    }

    /** Reads the limits from the target cluster; on failure the last known ones stay. */
    void reload() {
        if (remoteTopics.isEmpty()) {
            return;
        }
        try {
            Map<ConfigResource, Config> configs = KafkaCalls.await(targetAdmin.describeConfigs(
                    remoteTopics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList(),
                    new DescribeConfigsOptions().timeoutMs((int) CALL_TIMEOUT.toMillis())).all(),
                CALL_TIMEOUT, "describing remote topic limits");
            Map<String, Integer> loaded = new HashMap<>(limits);
            configs.forEach((resource, config) -> {
                ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    loaded.put(resource.name(), Integer.parseInt(entry.value()));
                }
            });
            limits = Map.copyOf(loaded);
        } catch (org.apache.kafka.common.errors.InterruptException stopping) {
            // the task's monitor thread is interrupted when the task stops: nothing failed
            log.debug("Reading max.message.bytes of remote topics interrupted by the task stopping");
        } catch (RuntimeException e) {
            // Keep the last known limits; the broker still enforces its own.
            log.warn("Could not read max.message.bytes of remote topics, keeping the last known values: {}", e.toString());
        }
    }
}
