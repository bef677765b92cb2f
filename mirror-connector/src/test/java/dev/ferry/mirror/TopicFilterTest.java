package dev.ferry.mirror;

import dev.ferry.common.IdentityReplicationPolicy;
import dev.ferry.common.PrefixReplicationPolicy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicFilterTest {

    private static final List<String> INTERNAL = List.of(MirrorSourceConfig.TOPICS_EXCLUDE_INTERNAL_DEFAULT.split(","));

    @Test
    void includesMatchTheWholeNameAndExcludesWin() {
        TopicFilter filter = new TopicFilter(List.of("orders.*", "payments"), List.of("orders-tmp"), INTERNAL,
            new PrefixReplicationPolicy(), "west");
        assertTrue(filter.accepts("orders"));
        assertTrue(filter.accepts("orders-eu"));
        assertTrue(filter.accepts("payments"));
        assertFalse(filter.accepts("payments-v2"), "regexes match whole names");
        assertFalse(filter.accepts("orders-tmp"));
    }

    @Test
    void internalTopicsAreNeverMirrored() {
        TopicFilter filter = new TopicFilter(List.of(".*"), List.of(), INTERNAL, new PrefixReplicationPolicy(), "west");
        for (String topic : List.of("__consumer_offsets", "__transaction_state", "connect-configs", "connect-offsets",
            "connect-status", "ferry-offset-syncs.west.internal", "ferry-source-offset-syncs.east-to-west.internal", "east.checkpoints.internal", "mm2-offset-syncs.west.internal")) {
            assertFalse(filter.accepts(topic), topic);
        }
        assertTrue(filter.accepts("heartbeats"));
        assertTrue(filter.accepts("mm2-orders"), "only MirrorMaker 2's .internal topics are internal, not a user's mm2- prefix");
    }

    @Test
    void topicsThatCameFromTheTargetAreNotSentBack() {
        TopicFilter filter = new TopicFilter(List.of(".*"), List.of(), INTERNAL, new PrefixReplicationPolicy(), "west");
        assertFalse(filter.accepts("west.orders"));
        assertFalse(filter.accepts("north.west.orders"), "lineage through the target is a loop too");
        assertTrue(filter.accepts("north.orders"), "a third cluster's topics may pass through");
    }

    @Test
    void identityPolicyCannotTellByNameSoTheFilterLetsTopicsPass() {
        TopicFilter filter = new TopicFilter(List.of(".*"), List.of(), INTERNAL, new IdentityReplicationPolicy(), "west");
        assertTrue(filter.accepts("west.orders"));
    }
}
