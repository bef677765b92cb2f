package dev.ferry.common;

import java.util.Objects;

/**
 * Remote topics keep their source name: {@code orders} is mirrored to {@code orders}. Meant for
 * migrations and for active/passive pairs where clients must not change topic names. Names carry no
 * lineage, so the mirror connector stamps every copied record with a {@link Provenance} header and
 * never sends a record back to the cluster it originated on.
 */
public class IdentityReplicationPolicy implements ReplicationPolicy {

    @Override
    public String remoteTopic(String sourceClusterAlias, String topic) {
        return Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String sourceClusterOf(String topic) {
        return null;
    }

    @Override
    public String upstreamTopic(String topic) {
        return null;
    }

    @Override
    public boolean namesCarryLineage() {
        return false;
    }
}
