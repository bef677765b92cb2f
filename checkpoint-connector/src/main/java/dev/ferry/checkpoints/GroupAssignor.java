package dev.ferry.checkpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Spreads consumer groups over tasks: groups are dealt out round-robin in id order, so task sizes
 * differ by at most one and the same set of groups always gives the same assignment (a refresh that
 * finds the same groups never moves one).
 */
final class GroupAssignor {

    private GroupAssignor() {
    }

    /**
     * @param groups   the groups to checkpoint, any order, duplicates ignored
     * @param maxTasks the connector's {@code tasks.max}
     * @return at most {@code maxTasks} non-empty groups of groups, together holding every group once;
     *         empty when there are no groups
     */
    static List<List<String>> assign(Iterable<String> groups, int maxTasks) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("maxTasks must be at least 1, was " + maxTasks);
        }
        TreeSet<String> ordered = new TreeSet<>();
        groups.forEach(ordered::add);
        int tasks = Math.min(maxTasks, ordered.size());
        List<List<String>> assignment = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            assignment.add(new ArrayList<>());
        }
        int i = 0;
        for (String group : ordered) {
            assignment.get(i++ % tasks).add(group);
        }
        return assignment;
    }
}
