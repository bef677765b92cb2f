package dev.ferry.mirror;

import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Copies topic settings that were set on source topics to their remote topics.
 *
 * <p>Only settings explicitly set on the source topic are copied (not broker defaults, which belong to
 * each cluster), minus the excluded keys. Settings are only ever set, never removed: a setting an
 * operator put on a remote topic alone stays.
 */
final class TopicConfigSync {

    private static final Logger log = LoggerFactory.getLogger(TopicConfigSync.class);

    private final Admin sourceAdmin;
    private final Admin targetAdmin;
    private final List<Pattern> exclude;
    private final Duration callTimeout;

    TopicConfigSync(Admin sourceAdmin, Admin targetAdmin, List<Pattern> exclude, Duration callTimeout) {
        this.sourceAdmin = sourceAdmin;
        this.targetAdmin = targetAdmin;
        this.exclude = exclude;
        this.callTimeout = callTimeout;
    }

    /** The settings to copy for each source topic, by source topic name. */
    Map<String, Map<String, String>> sourceSettings(Collection<String> sourceTopics) {
        Map<String, Map<String, String>> result = new HashMap<>();
        if (sourceTopics.isEmpty()) {
            return result;
        }
        Map<ConfigResource, Config> configs = KafkaCalls.await(
            sourceAdmin.describeConfigs(resources(sourceTopics), new DescribeConfigsOptions().timeoutMs(timeoutMs())).all(), callTimeout, "describing source topic configs");
        configs.forEach((resource, config) -> {
            Map<String, String> settings = new HashMap<>();
            for (ConfigEntry entry : config.entries()) {
                if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG && !excluded(entry.name())) {
                    settings.put(entry.name(), entry.value());
                }
            }
            result.put(resource.name(), settings);
        });
        return result;
    }

    /**
     * Brings each remote topic's settings in line with its source topic's.
     *
     * @return the number of settings changed
     */
    int sync(Collection<SourceTopic> topics) {
        if (topics.isEmpty()) {
            return 0;
        }
        Map<String, Map<String, String>> wanted = sourceSettings(topics.stream().map(SourceTopic::name).toList());
        Map<String, String> remoteBySource = new HashMap<>();
        topics.forEach(topic -> remoteBySource.put(topic.name(), topic.remoteName()));
        Map<ConfigResource, Config> current = KafkaCalls.await(
            targetAdmin.describeConfigs(resources(remoteBySource.values()), new DescribeConfigsOptions().timeoutMs(timeoutMs())).all(), callTimeout, "describing remote topic configs");

        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        wanted.forEach((sourceTopic, settings) -> {
            ConfigResource remote = new ConfigResource(ConfigResource.Type.TOPIC, remoteBySource.get(sourceTopic));
            Config remoteConfig = current.get(remote);
            List<AlterConfigOp> ops = new ArrayList<>();
            settings.forEach((key, value) -> {
                ConfigEntry existing = remoteConfig == null ? null : remoteConfig.get(key);
                if (existing == null || !Objects.equals(existing.value(), value)) {
                    ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                }
            });
            if (!ops.isEmpty()) {
                changes.put(remote, ops);
            }
        });
        if (changes.isEmpty()) {
            return 0;
        }
        KafkaCalls.await(targetAdmin.incrementalAlterConfigs(changes, new AlterConfigsOptions().timeoutMs(timeoutMs())).all(), callTimeout, "altering remote topic configs");
        int count = changes.values().stream().mapToInt(Collection::size).sum();
        changes.forEach((resource, ops) -> log.info("Synced {} setting(s) of remote topic {}: {}", ops.size(), resource.name(),
            ops.stream().map(op -> op.configEntry().name()).toList()));
        return count;
    }

    private int timeoutMs() {
        return (int) callTimeout.toMillis();
    }

    private boolean excluded(String key) {
        for (Pattern pattern : exclude) {
            if (pattern.matcher(key).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<ConfigResource> resources(Collection<String> topics) {
        return topics.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
    }
}
