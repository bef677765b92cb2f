package dev.ferry.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** How many records a topic on the target holds (sum of its partitions' end offsets), and removing it again. */
final class TargetCounts {

    private TargetCounts() {
    }

    static long endOffsetSum(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(info -> info.offset()).sum();
        } catch (ExecutionException notCreatedYet) {
            return 0;
        }
    }

    /** Deletes a copy once measured, so that rounds of multi-million-record copies do not fill the disk. */
    static void delete(Admin admin, String topic) throws Exception {
        admin.deleteTopics(java.util.List.of(topic)).all().get(60, TimeUnit.SECONDS);
    }
}
