package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds records read from the offset-syncs topic into an {@link OffsetSyncStore}. Records that are not
 * Ferry offset syncs of a version this release reads (corrupt, foreign, tombstones, newer) are skipped
 * and counted, never guessed at: the first is logged at WARN with its position and reason, later ones
 * at DEBUG. Not thread-safe, like the store.
 */
public final class OffsetSyncReader {

    private static final Logger log = LoggerFactory.getLogger(OffsetSyncReader.class);

    private final OffsetSyncStore store;
    // Written by the reading thread only; volatile so metrics may read them from others.
    private volatile long applied;
    private volatile long skipped;

    public OffsetSyncReader(OffsetSyncStore store) {
        this.store = store;
    }

    /** Applies every record, in order. */
    public void addAll(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            add(record);
        }
    }

    /**
     * Applies one record.
     *
     * @return whether it was an offset sync (otherwise it was skipped and counted)
     */
    public boolean add(ConsumerRecord<byte[], byte[]> record) {
        OffsetSync sync;
        try {
            sync = OffsetSync.deserialize(record.key(), record.value());
        } catch (WireFormatException e) {
            skipped++;
            if (skipped == 1) {
                log.warn("Skipping record at offset {} of {}-{}, which is not a readable offset sync: {}. Further such records "
                    + "are counted, not logged at this level", record.offset(), record.topic(), record.partition(), e.getMessage());
            } else {
                log.debug("Skipping record at offset {} of {}-{}: {}", record.offset(), record.topic(), record.partition(), e.getMessage());
            }
            return false;
        }
        store.add(sync);
        applied++;
        return true;
    }

    /** Records applied as offset syncs. */
    public long applied() {
        return applied;
    }

    /** Records skipped because they were not readable offset syncs. */
    public long skipped() {
        return skipped;
    }
}
