package dev.ferry.mirror;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PartitionTrackersTest {

    @Test
    void findsTrackersByTheRecordsSourcePartitionMapOrItsContent() {
        TopicPartition orders = new TopicPartition("orders", 3);
        PartitionTracker tracker = new PartitionTracker(orders, "east.orders");
        PartitionTrackers trackers = new PartitionTrackers();
        trackers.add(tracker);
        Map<String, Object> key = SourceOffsets.partitionKey("east", orders);
        trackers.sourceKey(orders, key);

        assertSame(tracker, trackers.of(key));
        assertSame(tracker, trackers.of(new HashMap<>(key)), "an equal copy is found by content");
        assertSame(tracker, trackers.get(orders));
        assertNull(trackers.of(SourceOffsets.partitionKey("east", new TopicPartition("orders", 4))));
    }

    @Test
    void registersManySourceKeysAtOnce() {
        PartitionTrackers trackers = new PartitionTrackers();
        Map<TopicPartition, Map<String, Object>> keys = new HashMap<>();
        for (int p = 0; p < 100; p++) {
            TopicPartition source = new TopicPartition("orders", p);
            trackers.add(new PartitionTracker(source, "east.orders"));
            keys.put(source, SourceOffsets.partitionKey("east", source));
        }
        trackers.sourceKeys(keys);

        keys.forEach((source, key) -> assertSame(trackers.get(source), trackers.of(key)));
        assertThrows(IllegalStateException.class,
            () -> trackers.sourceKeys(Map.of(new TopicPartition("payments", 0), SourceOffsets.partitionKey("east", new TopicPartition("payments", 0)))),
            "a partition without a tracker is refused");
    }
}
