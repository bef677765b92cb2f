package dev.ferry.common;

import java.util.Map;
import java.util.Objects;

/**
 * The default policy: a remote topic is named {@code <source alias><separator><topic>}, for example
 * {@code east.orders}. Names carry lineage, so a topic that came from the target cluster is
 * recognised by its prefix and never mirrored back.
 */
public class PrefixReplicationPolicy implements ReplicationPolicy {

    private String separator = SEPARATOR_DEFAULT;

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(SEPARATOR_CONFIG);
        if (configured != null) {
            String value = configured.toString();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(SEPARATOR_CONFIG + " must not be empty");
            }
            separator = value;
        }
    }

    @Override
    public String remoteTopic(String sourceClusterAlias, String topic) {
        Objects.requireNonNull(sourceClusterAlias, "sourceClusterAlias");
        Objects.requireNonNull(topic, "topic");
        return sourceClusterAlias + separator + topic;
    }

    @Override
    public String sourceClusterOf(String topic) {
        int at = topic.indexOf(separator);
        return at > 0 ? topic.substring(0, at) : null;
    }

    @Override
    public String upstreamTopic(String topic) {
        int at = topic.indexOf(separator);
        return at > 0 ? topic.substring(at + separator.length()) : null;
    }

    @Override
    public boolean namesCarryLineage() {
        return true;
    }

    /** The separator in use. */
    public String separator() {
        return separator;
    }
}
