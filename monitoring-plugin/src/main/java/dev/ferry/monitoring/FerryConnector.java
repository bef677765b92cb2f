package dev.ferry.monitoring;

import dev.ferry.common.ReplicationPolicy;

/**
 * A Ferry connector of the Connect cluster, as far as monitoring needs to know it. Holds only names taken
 * from the connector's configuration (aliases, topic names): never any other configuration value.
 *
 * @param name        the connector's name
 * @param kind        mirror or checkpoint connector
 * @param sourceAlias its source.cluster.alias
 * @param targetAlias its target.cluster.alias
 * @param topic       the topic monitoring reads for it: the progress topic of a mirror connector, the checkpoints
 *                    topic of a checkpoint connector
 * @param policy      its replication policy (names remote topics), or null when it could not be loaded
 * @param reportIntervalMs how often a mirror connector's tasks publish progress (its progress.interval.ms)
 * @param verificationTopic the topic a checkpoint connector publishes continuous-verification results to, or null
 *                          (mirror connectors, and checkpoint connectors with verification off)
 */
public record FerryConnector(String name, Kind kind, String sourceAlias, String targetAlias, String topic,
                             ReplicationPolicy policy, long reportIntervalMs, String verificationTopic) {

    /** A connector without a verification topic. */
    public FerryConnector(String name, Kind kind, String sourceAlias, String targetAlias, String topic, ReplicationPolicy policy,
                          long reportIntervalMs) {
        this(name, kind, sourceAlias, targetAlias, topic, policy, reportIntervalMs, null);
    }

    /** The kinds of Ferry connector monitoring reads. */
    public enum Kind { MIRROR, CHECKPOINT }
}
