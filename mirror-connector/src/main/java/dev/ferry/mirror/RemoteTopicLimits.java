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
 * The {@code max.message.bytes} of each remote topic of a task, re-read every refresh interval (config
 * sync may change it), so an oversized record is reported before the target broker rejects it with
 * a message that names neither the topic nor the offset.
 */
final class RemoteTopicLimits {

    private static final Logger log = LoggerFactory.getLogger(RemoteTopicLimits.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Admin targetAdmin;
    private final Collection<String> remoteTopics;
    private final long refreshMs;
    private final Map<String, Integer> limits = new HashMap<>();
    private long nextLoadAtMs;

    RemoteTopicLimits(Admin targetAdmin, Collection<String> remoteTopics, long refreshMs) {
        this.targetAdmin = targetAdmin;
        this.remoteTopics = remoteTopics;
        this.refreshMs = refreshMs;
    }

    /** The remote topic's limit in bytes, or {@link Integer#MAX_VALUE} when not known yet. */
    int maxMessageBytes(String remoteTopic) {
        long now = System.currentTimeMillis();
        if (now >= nextLoadAtMs) {
            nextLoadAtMs = now + refreshMs;
            reload();
        }
        return limits.getOrDefault(remoteTopic, Integer.MAX_VALUE);
    }

    private void reload() {
        if (remoteTopics.isEmpty()) {
            return;
        }
        try {
            Map<ConfigResource, Config> configs = KafkaCalls.await(targetAdmin.describeConfigs(
                    remoteTopics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList(),
                    new DescribeConfigsOptions().timeoutMs((int) CALL_TIMEOUT.toMillis())).all(),
                CALL_TIMEOUT, "describing remote topic limits");
            configs.forEach((resource, config) -> {
                ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    limits.put(resource.name(), Integer.parseInt(entry.value()));
                }
            });
        } catch (RuntimeException e) {
            // Keep the last known limits; the broker still enforces its own.
            log.warn("Could not read max.message.bytes of remote topics, keeping the last known values: {}", e.toString());
        }
    }
}
