package dev.ferry.checkpoints;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.function.Consumer;

/**
 * Feeds checkpoints read back from the checkpoints topic into a {@link CheckpointLedger}, for the
 * task's own groups only, so that a restarted or reassigned task never moves a checkpoint back.
 * Records that are not readable checkpoints (foreign, corrupt, tombstones, a newer version) are
 * skipped and counted: the first is logged at WARN, later ones at DEBUG.
 */
final class CheckpointSeeds implements Consumer<ConsumerRecord<byte[], byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSeeds.class);

    private final Set<String> groups;
    private final CheckpointLedger ledger;
    // read by metrics on other threads
    private volatile long seeded;
    private volatile long skipped;

    CheckpointSeeds(Set<String> groups, CheckpointLedger ledger) {
        this.groups = Set.copyOf(groups);
        this.ledger = ledger;
    }

    @Override
    public void accept(ConsumerRecord<byte[], byte[]> record) {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.deserialize(record.key(), record.value());
        } catch (WireFormatException e) {
            skipped++;
            if (skipped == 1) {
                log.warn("Skipping record at offset {} of {}-{}, which is not a readable checkpoint: {}. Further such records "
                    + "are counted, not logged at this level", record.offset(), record.topic(), record.partition(), e.getMessage());
            } else {
                log.debug("Skipping record at offset {} of {}-{}: {}", record.offset(), record.topic(), record.partition(), e.getMessage());
            }
            return;
        }
        if (groups.contains(checkpoint.consumerGroup())) {
            ledger.seed(checkpoint);
            seeded++;
        }
    }

    /** Checkpoints of the task's groups read back (several per key when the topic is not compacted yet). */
    long seeded() {
        return seeded;
    }

    /** Records skipped because they were not readable checkpoints. */
    long skipped() {
        return skipped;
    }
}
