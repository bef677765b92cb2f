package dev.ferry.it;

import dev.ferry.offsets.OffsetSyncReader;
import dev.ferry.offsets.OffsetSyncStore;
import dev.ferry.offsets.OffsetTranslator;
import dev.ferry.offsets.Translation;
import dev.ferry.testkit.OracleId;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.TopicSnapshot;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offset syncs a real mirror task writes describe the copy exactly: for every committed offset c
 * of every partition, the translation equals the ideal one computed from the target topic itself,
 * also after a rewind that left duplicates downstream.
 */
class OffsetSyncsIT extends MirrorClustersIT {

    private static final String SYNCS_TOPIC = "ferry-offset-syncs.east.internal";

    @Test
    void syncsTranslateEveryOffsetExactlyAcrossARewindWithDuplicates() {
        clusters.createSourceTopic("synced", 2, Map.of());
        for (int p = 0; p < 2; p++) {
            producer.produce("synced", p, 500);
        }
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "synced", 1);
        config.put("offset-syncs.progress.interval.ms", "200");
        clusters.connect().configureConnector("synced", config);
        assertTrue(CHECKER.awaitExact(clusters.target(), "east.synced", "synced", producer, Duration.ofSeconds(60)).isExact());

        // Rewind partition 0 through Connect's offsets API: records 200..499 are copied a second time.
        clusters.connect().stopConnector("synced");
        Waits.until("'synced' stopped with no tasks", Duration.ofSeconds(30), () -> {
            var status = clusters.connect().connectorStatus("synced");
            return "STOPPED".equals(status.connector().state()) && status.tasks().isEmpty();
        });
        Map<String, Object> partition0 = new LinkedHashMap<>();
        partition0.put("topic", "synced"); // any key order: Connect's REST client sends them sorted
        partition0.put("partition", 0);
        partition0.put("cluster", "east");
        clusters.connect().alterSourceConnectorOffset("synced", partition0, Map.of("offset", 199));
        clusters.connect().resumeConnector("synced");
        for (int p = 0; p < 2; p++) {
            producer.produce("synced", p, 200);
        }
        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east.synced", "synced", producer, Duration.ofSeconds(60));
        assertEquals(0, report.lost(), report.toString());
        assertEquals(300, report.partition(0).duplicated(), report.toString());

        List<ConsumerRecord<byte[], byte[]>> copies = TopicSnapshot.read(clusters.target(), "east.synced",
            IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30));
        for (int p = 0; p < 2; p++) {
            TopicPartition source = new TopicPartition("synced", p);
            long[] upstreamAt = upstreamOffsetsByDownstream(copies, p);
            long end = producer.producedCount("synced", p);
            // Wait for the progress sync that covers the last copy, then check every c.
            OffsetTranslator translator = Waits.untilValue("syncs to cover synced-" + p + " up to " + end, Duration.ofSeconds(30),
                this::readSyncs, t -> t.translate(source, end).isExact());
            for (long c = 0; c <= end; c++) {
                Translation translation = translator.translate(source, c);
                assertTrue(translation.isExact(), "c=" + c + ": " + translation);
                assertEquals(ideal(upstreamAt, c), translation.downstream(), "c=" + c + ": " + translation);
            }
        }
        clusters.connect().deleteConnector("synced");
    }

    private OffsetTranslator readSyncs() {
        OffsetSyncStore store = new OffsetSyncStore();
        OffsetSyncReader reader = new OffsetSyncReader(store);
        TopicSnapshot.read(clusters.target(), SYNCS_TOPIC, IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30))
            .forEach(reader::add);
        assertEquals(0, reader.skipped(), "foreign or corrupt records in " + SYNCS_TOPIC);
        return new OffsetTranslator(store);
    }

    /** Upstream offset of each downstream offset of a partition (the oracle's seq is the upstream offset here). */
    private static long[] upstreamOffsetsByDownstream(List<ConsumerRecord<byte[], byte[]>> copies, int partition) {
        List<Long> upstream = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> copy : copies) {
            if (copy.partition() != partition) {
                continue;
            }
            assertEquals(upstream.size(), copy.offset(), "the target partition has no gaps");
            Header id = copy.headers().lastHeader(OracleRecords.ID_HEADER);
            upstream.add(OracleId.parse(id.value()).orElseThrow().seq());
        }
        return upstream.stream().mapToLong(Long::longValue).toArray();
    }

    /** One past the last copy of any record before c: a consumer starting there re-reads nothing and skips nothing. */
    private static long ideal(long[] upstreamAt, long c) {
        long t = 0;
        for (int d = 0; d < upstreamAt.length; d++) {
            if (upstreamAt[d] < c) {
                t = d + 1;
            }
        }
        return t;
    }
}
