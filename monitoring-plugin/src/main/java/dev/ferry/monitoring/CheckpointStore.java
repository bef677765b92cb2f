package dev.ferry.monitoring;

import dev.ferry.common.wire.Checkpoint;

import java.util.HashMap;
import java.util.Map;

/** The latest checkpoint of each group and source partition, per checkpoints topic, as read by {@link ProgressFeed}. */
final class CheckpointStore {

    private final Map<CheckpointKey, Checkpoint> latest = new HashMap<>();

    synchronized void put(String checkpointsTopic, Checkpoint checkpoint) {
        latest.put(new CheckpointKey(checkpointsTopic, checkpoint.consumerGroup(), checkpoint.source()), checkpoint);
    }

    synchronized Map<CheckpointKey, Checkpoint> snapshot() {
        return Map.copyOf(latest);
    }
}
