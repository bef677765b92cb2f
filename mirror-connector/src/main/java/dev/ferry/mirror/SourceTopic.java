package dev.ferry.mirror;

import org.apache.kafka.common.Uuid;

/**
 * A source topic selected for mirroring, as last described by the source cluster.
 *
 * @param name        topic name on the source cluster
 * @param id          topic id; a new id under the same name means the topic was deleted and recreated
 * @param partitions  partition count
 * @param remoteName  name of its copy on the target cluster
 */
public record SourceTopic(String name, Uuid id, int partitions, String remoteName) {
}
