package dev.ferry.checkpoints;

import dev.ferry.common.PrefixReplicationPolicy;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteTopicCatalogTest {

    private static final long REFRESH_MS = 1_000;
    private static final long CALL_TIMEOUT_MS = 1_500;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicInteger listings = new AtomicInteger();
    private volatile boolean targetDown;
    private final Node broker = new Node(0, "localhost", 9092);

    /** Lists the target's topics; while the target is down each listing times out after the call timeout. */
    private final MockAdminClient admin = new MockAdminClient(List.of(broker), broker) {
        @Override
        public synchronized ListTopicsResult listTopics(ListTopicsOptions options) {
            listings.incrementAndGet();
            if (targetDown) {
                clock.addAndGet(CALL_TIMEOUT_MS);
                timeoutNextRequest(1);
            }
            return super.listTopics(options);
        }
    };

    private final RemoteTopicCatalog catalog = new RemoteTopicCatalog(admin, new PrefixReplicationPolicy(), "east", "west",
        REFRESH_MS, Duration.ofMillis(CALL_TIMEOUT_MS), clock::get);

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void aTopicIsMirroredWhenItsRemoteTopicExistsOnTheTarget() {
        admin.addTopic(false, "east.orders", List.of(new TopicPartitionInfo(0, broker, List.of(broker), List.of(broker))), Map.of());
        assertTrue(catalog.isMirrored("orders"));
        assertFalse(catalog.isMirrored("payments"));
        assertEquals(1, listings.get(), "one listing per refresh interval");
    }

    @Test
    void aTimedOutListingIsNotRetriedByTheNextLookupsOfTheSameRound() {
        admin.addTopic(false, "east.orders", List.of(new TopicPartitionInfo(0, broker, List.of(broker), List.of(broker))), Map.of());
        assertTrue(catalog.isMirrored("orders"));
        clock.addAndGet(REFRESH_MS);
        targetDown = true;

        // a round of checkpoints looks up every partition's topic; while the target is down only the first waits
        long roundStart = clock.get();
        for (int partition = 0; partition < 12; partition++) {
            assertTrue(catalog.isMirrored("orders"), "the list from before is used while the target is down");
        }
        assertEquals(2, listings.get(), "one listing before the outage and one timed-out attempt in the round");
        assertEquals(CALL_TIMEOUT_MS, clock.get() - roundStart, "the round waited for one call timeout only");

        targetDown = false;
        clock.addAndGet(REFRESH_MS);
        admin.addTopic(false, "east.payments", List.of(new TopicPartitionInfo(0, broker, List.of(broker), List.of(broker))), Map.of());
        assertTrue(catalog.isMirrored("payments"), "listed again one interval after the failure");
        assertEquals(3, listings.get());
    }
}
