package dev.ferry.mirror;

import dev.ferry.common.ReplicationPolicy;
import dev.ferry.common.config.ConfigValidators;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides which source topics are mirrored: included by a regex, not excluded, not internal, and not
 * a topic that came from the target cluster (which would make a loop in active/active set-ups).
 */
public final class TopicFilter {

    private final List<Pattern> include;
    private final List<Pattern> exclude;
    private final List<Pattern> internal;
    private final ReplicationPolicy policy;
    private final String targetAlias;

    TopicFilter(List<String> include, List<String> exclude, List<String> internal,
                ReplicationPolicy policy, String targetAlias) {
        this.include = ConfigValidators.RegexListValidator.compile(include);
        this.exclude = ConfigValidators.RegexListValidator.compile(exclude);
        this.internal = ConfigValidators.RegexListValidator.compile(internal);
        this.policy = policy;
        this.targetAlias = targetAlias;
    }

    /** Whether {@code topic} of the source cluster is mirrored. */
    public boolean accepts(String topic) {
        return matchesAny(include, topic)
            && !matchesAny(exclude, topic)
            && !matchesAny(internal, topic)
            && !cameFromTarget(topic);
    }

    /**
     * Under a policy whose names carry lineage, a topic whose lineage contains the target cluster
     * (like {@code target.orders}, or {@code a.target.orders}) came from there and goes no further.
     */
    private boolean cameFromTarget(String topic) {
        if (!policy.namesCarryLineage()) {
            return false;
        }
        String current = topic;
        // Follow the lineage hop by hop; bounded because each hop strictly shortens the name.
        while (current != null) {
            String origin = policy.sourceClusterOf(current);
            if (origin == null) {
                return false;
            }
            if (origin.equals(targetAlias)) {
                return true;
            }
            current = policy.upstreamTopic(current);
        }
        return false;
    }

    private static boolean matchesAny(List<Pattern> patterns, String topic) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(topic).matches()) {
                return true;
            }
        }
        return false;
    }
}
