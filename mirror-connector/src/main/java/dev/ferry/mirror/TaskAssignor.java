package dev.ferry.mirror;

import java.util.List;

/**
 * Spreads source partitions over at most {@code maxTasks} tasks. Called whenever the set of mirrored
 * partitions changes; every returned group becomes one task.
 */
public interface TaskAssignor {

    /**
     * @param partitions every partition to mirror, in a stable order
     * @param maxTasks   the connector's {@code tasks.max}
     * @return non-empty groups, at most {@code maxTasks} of them, together holding every partition once
     */
    List<List<AssignedPartition>> assign(List<AssignedPartition> partitions, int maxTasks);
}
