package dev.ferry.offsets.failover;

import dev.ferry.offsets.OffsetSyncReader;
import dev.ferry.offsets.OffsetSyncStore;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an offset-syncs topic from its beginning to its current end into a store, so the failback
 * plan knows every run a mirror reported. Records that are not offset syncs are skipped and counted
 * by the {@link OffsetSyncReader}.
 */
final class OffsetSyncsLoader {

    private OffsetSyncsLoader() {
    }

    /**
     * @param store receives the syncs
     * @return the reader that fed {@code store} (its counters say what was applied and skipped)
     * @throws FailoverException {@link FailoverException.Reason#NO_CHECKPOINTS} when the topic does not exist
     */
    static OffsetSyncReader load(Consumer<byte[], byte[]> consumer, String topic, String cluster, Duration timeout,
                                 OffsetSyncStore store)
        throws FailoverException {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new FailoverException(FailoverException.Reason.NO_CHECKPOINTS, "No offset-syncs topic '" + topic + "' on "
                + cluster + ": is the mirror writing it there (offset-syncs.topic, offset-syncs.topic.location)?");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        OffsetSyncReader reader = new OffsetSyncReader(store);
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey(), timeout) < end.getValue())) {
            if (System.currentTimeMillis() > deadline) {
                throw new TimeoutException("reading offset-syncs topic '" + topic + "' on " + cluster + " to its end took longer than "
                    + timeout.toMillis() + " ms");
            }
            reader.addAll(consumer.poll(Duration.ofMillis(200)));
        }
        return reader;
    }
}
