package dev.ferry.checkpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which consumer groups are checkpointed: a group is when its whole id matches one of the include
 * patterns and none of the exclude patterns.
 */
public final class GroupFilter {

    private static final Pattern REGEX_SYNTAX = Pattern.compile("[\\\\^$|?*+()\\[\\]{}]");

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

    /**
     * The include entries that name one group rather than a pattern (no regular-expression syntax but the dot,
     * which matches itself too), and that no exclude pattern drops: groups the operator asked for by name.
     */
    public List<String> namedGroups() {
        List<String> named = new ArrayList<>();
        for (Pattern pattern : include) {
            String entry = pattern.pattern();
            if (!entry.isEmpty() && !REGEX_SYNTAX.matcher(entry).find() && test(entry)) {
                named.add(entry);
            }
        }
        return named;
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
