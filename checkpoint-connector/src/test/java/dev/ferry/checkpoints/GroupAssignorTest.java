package dev.ferry.checkpoints;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupAssignorTest {

    private static List<String> groups(int count) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            groups.add("group-" + i);
        }
        return groups;
    }

    @Test
    void everyGroupLandsOnExactlyOneTaskAndSizesDifferByAtMostOne() {
        for (int count : new int[] {1, 2, 7, 10, 101}) {
            for (int maxTasks : new int[] {1, 3, 4, 10}) {
                List<List<String>> assignment = GroupAssignor.assign(groups(count), maxTasks);
                assertEquals(Math.min(count, maxTasks), assignment.size(), count + " groups, " + maxTasks + " tasks");
                List<String> all = new ArrayList<>();
                assignment.forEach(all::addAll);
                assertEquals(count, all.size());
                assertEquals(new HashSet<>(groups(count)), new HashSet<>(all));
                int min = assignment.stream().mapToInt(List::size).min().orElseThrow();
                int max = assignment.stream().mapToInt(List::size).max().orElseThrow();
                assertTrue(max - min <= 1, assignment.toString());
            }
        }
    }

    @Test
    void theSameGroupsInAnyOrderGiveTheSameAssignment() {
        List<String> shuffled = new ArrayList<>(groups(9));
        java.util.Collections.reverse(shuffled);
        assertEquals(GroupAssignor.assign(groups(9), 4), GroupAssignor.assign(shuffled, 4));
        assertEquals(GroupAssignor.assign(groups(9), 4), GroupAssignor.assign(Set.copyOf(groups(9)), 4));
    }

    @Test
    void noGroupsMeansNoTasksAndZeroTasksIsRefused() {
        assertEquals(List.of(), GroupAssignor.assign(List.of(), 3));
        assertThrows(IllegalArgumentException.class, () -> GroupAssignor.assign(groups(2), 0));
    }
}
