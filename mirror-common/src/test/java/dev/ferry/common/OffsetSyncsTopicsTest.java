package dev.ferry.common;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetSyncsTopicsTest {

    @Test
    void defaultNamesOnTargetAreUnchangedAndOnSourceCarryBothAliases() {
        assertEquals("ferry-offset-syncs.east.internal", OffsetSyncsTopics.defaultName(false, "east", "west"));
        assertEquals("ferry-source-offset-syncs.east-to-west.internal", OffsetSyncsTopics.defaultName(true, "east", "west"));
    }

    @Test
    void aForwardMirrorWithSyncsOnItsSourceNeverSharesATopicWithAReverseMirrorWithSyncsOnItsTarget() {
        // both write on east
        for (List<String> aliases : List.of(List.of("east", "west"), List.of("a", "b"), List.of("x.internal", "y"),
            List.of("source-offset-syncs", "to"), List.of("ferry-offset-syncs.a", "b"))) {
            String east = aliases.get(0);
            String west = aliases.get(1);
            String forwardOnSource = OffsetSyncsTopics.defaultName(true, east, west);
            String reverseOnTarget = OffsetSyncsTopics.defaultName(false, west, east);
            assertNotEquals(forwardOnSource, reverseOnTarget);
            // nor with any mirror into east
            assertTrue(!forwardOnSource.startsWith(OffsetSyncsTopics.ON_TARGET_PREFIX), forwardOnSource);
        }
    }

    @Test
    void anExplicitNameOfTheDefaultFormsMustBeTheFlowsOwn() {
        assertEquals(Optional.empty(), OffsetSyncsTopics.explicitNameProblem("my-syncs", true, "east", "west"));
        assertEquals(Optional.empty(), OffsetSyncsTopics.explicitNameProblem(null, true, "east", "west"));
        assertEquals(Optional.empty(),
            OffsetSyncsTopics.explicitNameProblem("ferry-source-offset-syncs.east-to-west.internal", true, "east", "west"));
        assertEquals(Optional.empty(), OffsetSyncsTopics.explicitNameProblem("ferry-offset-syncs.east.internal", false, "east", "west"));

        String reverse = OffsetSyncsTopics.explicitNameProblem("ferry-offset-syncs.west.internal", true, "east", "west").orElseThrow();
        assertTrue(reverse.contains("offset-syncs.topic 'ferry-offset-syncs.west.internal'"), reverse);
        assertTrue(reverse.contains("source cluster 'east'") && reverse.contains("reverse mirror (west to east"), reverse);
        assertTrue(reverse.contains("ferry-source-offset-syncs.east-to-west.internal"), reverse);

        String reverseOnSource = OffsetSyncsTopics.explicitNameProblem("ferry-source-offset-syncs.west-to-east.internal", false,
            "east", "west").orElseThrow();
        assertTrue(reverseOnSource.contains("target cluster 'west'") && reverseOnSource.contains("location=source"), reverseOnSource);

        String other = OffsetSyncsTopics.explicitNameProblem("ferry-offset-syncs.north.internal", false, "east", "west").orElseThrow();
        assertTrue(other.contains("default offset-syncs topics of other mirrors"), other);
    }
}
