package dev.ferry.common;

import java.util.Optional;

/**
 * Default names of the offset-syncs topic, shared by the mirror connector (which writes it), the
 * checkpoint connector and the failover tool (which read it).
 *
 * <p>The topic lives on the target cluster (the default) or on the source. On one Kafka cluster, syncs
 * written there as the target of mirrors (one topic per source alias) and syncs written there as the
 * source of mirrors (one per target) must never share a topic: a forward mirror east&rarr;west with
 * syncs on its source and a reverse mirror west&rarr;east with syncs on its target both write on east.
 * So the two kinds use different prefixes, and the source-side name carries both aliases:
 * <ul>
 *   <li>on the target: {@code ferry-offset-syncs.<source alias>.internal} (unchanged since the first release);</li>
 *   <li>on the source: {@code ferry-source-offset-syncs.<source alias>-to-<target alias>.internal}.</li>
 * </ul>
 * Names of these two forms are reserved: an explicit name of either form must be the flow's own default
 * ({@link #explicitNameProblem}). Both end in {@code .internal}, so mirrors never copy them.
 */
public final class OffsetSyncsTopics {

    public static final String ON_TARGET_PREFIX = "ferry-offset-syncs.";
    public static final String ON_SOURCE_PREFIX = "ferry-source-offset-syncs.";
    public static final String SUFFIX = ".internal";

    private OffsetSyncsTopics() {
    }

    /** Default topic of a mirror from {@code sourceAlias} writing its syncs on its target cluster. */
    public static String onTarget(String sourceAlias) {
        return ON_TARGET_PREFIX + sourceAlias + SUFFIX;
    }

    /** Default topic of a mirror from {@code sourceAlias} to {@code targetAlias} writing its syncs on its source cluster. */
    public static String onSource(String sourceAlias, String targetAlias) {
        return ON_SOURCE_PREFIX + sourceAlias + "-to-" + targetAlias + SUFFIX;
    }

    public static String defaultName(boolean onSource, String sourceAlias, String targetAlias) {
        return onSource ? onSource(sourceAlias, targetAlias) : onTarget(sourceAlias);
    }

    /**
     * Why an explicitly configured topic may not be used, if it may not: it has the form of a default name
     * but is not this flow's own, so another mirror writing to the same cluster may use it by default.
     */
    public static Optional<String> explicitNameProblem(String topic, boolean onSource, String sourceAlias, String targetAlias) {
        if (topic == null || topic.isBlank() || !topic.endsWith(SUFFIX)
            || !(topic.startsWith(ON_TARGET_PREFIX) || topic.startsWith(ON_SOURCE_PREFIX))) {
            return Optional.empty();
        }
        String own = defaultName(onSource, sourceAlias, targetAlias);
        if (topic.equals(own)) {
            return Optional.empty();
        }
        String cluster = onSource ? "source cluster '" + sourceAlias + "'" : "target cluster '" + targetAlias + "'";
        String owner;
        if (onSource && topic.equals(onTarget(targetAlias))) {
            owner = "the reverse mirror (" + targetAlias + " to " + sourceAlias + ", offset-syncs.topic.location=target) writes "
                + "its syncs there by default";
        } else if (!onSource && topic.equals(onSource(targetAlias, sourceAlias))) {
            owner = "the reverse mirror (" + targetAlias + " to " + sourceAlias + ", offset-syncs.topic.location=source) writes "
                + "its syncs there by default";
        } else {
            owner = "names of the forms " + ON_TARGET_PREFIX + "<source alias>" + SUFFIX + " and " + ON_SOURCE_PREFIX
                + "<source alias>-to-<target alias>" + SUFFIX + " are the default offset-syncs topics of other mirrors";
        }
        return Optional.of("offset-syncs.topic '" + topic + "' on the " + cluster + " could be shared with another mirror: " + owner
            + ". Leave offset-syncs.topic unset (this flow's default is " + own + ") or choose a name of another form.");
    }
}
