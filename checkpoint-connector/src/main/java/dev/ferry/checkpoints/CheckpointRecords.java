package dev.ferry.checkpoints;

import dev.ferry.common.wire.Checkpoint;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/**
 * Turns checkpoints into records for Connect to write to the checkpoints topic with the worker's
 * producer (on the target cluster): key and value in the {@link Checkpoint} wire format, as bytes.
 *
 * <p>Connect's source partition is the consumer group and its source offset the checkpoint time. The
 * task never reads them back: checkpoints are recomputed from the source each interval and writing
 * one twice is harmless, so there is nothing to resume from.
 */
final class CheckpointRecords {

    static final String PARTITION_GROUP = "group";
    static final String OFFSET_TIME = "time";

    private CheckpointRecords() {
    }

    static SourceRecord toRecord(Checkpoint checkpoint, String checkpointsTopic) {
        return new SourceRecord(Map.of(PARTITION_GROUP, checkpoint.consumerGroup()), Map.of(OFFSET_TIME, checkpoint.timestampMs()),
            checkpointsTopic, null, Schema.BYTES_SCHEMA, checkpoint.serializeKey(), Schema.BYTES_SCHEMA,
            checkpoint.serializeValue(), checkpoint.timestampMs());
    }
}
