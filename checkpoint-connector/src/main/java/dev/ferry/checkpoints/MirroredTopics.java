package dev.ferry.checkpoints;

/** Tells which source topics the mirror copies, i.e. have a remote topic on the target. */
interface MirroredTopics extends AutoCloseable {

    /**
     * @param sourceTopic a topic of the source cluster
     * @return whether its remote topic exists on the target
     * @throws org.apache.kafka.common.KafkaException when the target's topics were never listed successfully
     */
    boolean isMirrored(String sourceTopic);

    @Override
    default void close() {
    }
}
