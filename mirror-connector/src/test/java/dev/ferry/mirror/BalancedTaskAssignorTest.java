package dev.ferry.mirror;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BalancedTaskAssignorTest {

    private static List<AssignedPartition> partitions(String topic, int count) {
        List<AssignedPartition> result = new ArrayList<>();
        Uuid id = Uuid.randomUuid();
        for (int p = 0; p < count; p++) {
            result.add(new AssignedPartition(new TopicPartition(topic, p), id, "east." + topic));
        }
        return result;
    }

    @Test
    void everyPartitionOnceAndSizesDifferByAtMostOne() {
        List<AssignedPartition> all = new ArrayList<>(partitions("a", 7));
        all.addAll(partitions("b", 3));
        List<List<AssignedPartition>> groups = new BalancedTaskAssignor().assign(all, 4);

        assertEquals(4, groups.size());
        Set<AssignedPartition> seen = new HashSet<>();
        groups.forEach(seen::addAll);
        assertEquals(new HashSet<>(all), seen);
        assertEquals(all.size(), groups.stream().mapToInt(List::size).sum());
        int min = groups.stream().mapToInt(List::size).min().orElseThrow();
        int max = groups.stream().mapToInt(List::size).max().orElseThrow();
        assertTrue(max - min <= 1, groups.toString());
    }

    @Test
    void aTopicsPartitionsAreSpreadOverTasks() {
        List<List<AssignedPartition>> groups = new BalancedTaskAssignor().assign(partitions("hot", 4), 4);
        groups.forEach(group -> assertEquals(1, group.size()));
    }

    @Test
    void neverMoreTasksThanPartitions() {
        assertEquals(2, new BalancedTaskAssignor().assign(partitions("a", 2), 8).size());
        assertEquals(0, new BalancedTaskAssignor().assign(List.of(), 8).size());
        assertThrows(IllegalArgumentException.class, () -> new BalancedTaskAssignor().assign(partitions("a", 2), 0));
    }

    @Test
    void assignmentsSurviveTheTaskConfigEncoding() {
        List<AssignedPartition> all = partitions("orders.v1-eu_2", 3);
        assertEquals(all, AssignedPartition.decodeAll(AssignedPartition.encodeAll(all)));
    }
}
