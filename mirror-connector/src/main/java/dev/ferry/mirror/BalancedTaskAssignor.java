package dev.ferry.mirror;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Deals partitions out round-robin in (partition, topic) order, so task sizes differ by at most one
 * and the partitions of one topic land on different tasks (one hot topic is spread over all tasks).
 */
public final class BalancedTaskAssignor implements TaskAssignor {

    private static final Comparator<AssignedPartition> ORDER = Comparator
        .comparingInt((AssignedPartition p) -> p.source().partition())
        .thenComparing(p -> p.source().topic());

    @Override
    public List<List<AssignedPartition>> assign(List<AssignedPartition> partitions, int maxTasks) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be at least 1, was " + maxTasks);
        }
        List<AssignedPartition> ordered = new ArrayList<>(partitions);
        ordered.sort(ORDER);
        int tasks = Math.min(maxTasks, ordered.size());
        List<List<AssignedPartition>> groups = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < ordered.size(); i++) {
            groups.get(i % tasks).add(ordered.get(i));
        }
        return groups;
    }
}
