package dev.ferry.checkpoints;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which consumer groups are checkpointed: a group is when its whole id matches one of the include
 * patterns and none of the exclude patterns.
 */
public final class GroupFilter {

    private final List<Pattern> include;
    private final List<Pattern> exclude;

    public GroupFilter(List<Pattern> include, List<Pattern> exclude) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
    }

    /** Whether {@code groupId} is checkpointed. */
    public boolean test(String groupId) {
        return matchesAny(include, groupId) && !matchesAny(exclude, groupId);
    }

    private static boolean matchesAny(List<Pattern> patterns, String groupId) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(groupId).matches()) {
                return true;
            }
        }
        return false;
    }
}
