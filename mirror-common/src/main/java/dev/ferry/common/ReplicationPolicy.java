package dev.ferry.common;

import org.apache.kafka.common.Configurable;

import java.util.Map;

/**
 * Names remote topics and tells where a topic came from.
 *
 * <p>Ferry's mirror connector asks the policy for the name each source topic gets on the target
 * cluster, and for the lineage of topics it discovers, so that a topic mirrored from cluster B is
 * never sent back to B (loop prevention in active/active set-ups). Offset translation and the
 * failover tool use the same policy to map a source topic to its remote copy, so every connector
 * and tool of one replication flow must use the same policy and settings.
 *
 * <p>Implementations are created with a public no-argument constructor and then configured with
 * the connector's settings, including {@link #SEPARATOR_CONFIG}.
 */
public interface ReplicationPolicy extends Configurable {

    /** Settings key of the separator between a cluster alias and a topic name, where a policy uses one. */
    String SEPARATOR_CONFIG = "replication.policy.separator";
    /** Default of {@link #SEPARATOR_CONFIG}. */
    String SEPARATOR_DEFAULT = ".";

    /**
     * The name that topic {@code topic} of cluster {@code sourceClusterAlias} has on the target cluster.
     */
    String remoteTopic(String sourceClusterAlias, String topic);

    /**
     * The alias of the cluster that {@code topic} was mirrored from, or {@code null} when its name
     * does not say (a local topic, or any topic under a policy whose names carry no lineage).
     */
    String sourceClusterOf(String topic);

    /**
     * The topic's name on the cluster it was mirrored from, or {@code null} when the name carries no lineage.
     */
    String upstreamTopic(String topic);

    /**
     * Whether remote topic names record their origin. When they do not (the identity policy), loop
     * prevention relies on a provenance header carried by every mirrored record instead.
     */
    boolean namesCarryLineage();

    @Override
    default void configure(Map<String, ?> configs) {
    }
}
