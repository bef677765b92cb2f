package dev.ferry.mirror;

import dev.ferry.offsets.OffsetSyncEmitter;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What offset syncs and monitoring add to each copied record, on the producer callback thread in
 * {@code commitRecord}: finding the partition's tracker, the offset-sync emitter's bookkeeping (a sync only when a
 * run breaks or once a progress interval), and the tracker's counters, latency histogram and audit window.
 * Compared with the copy's whole cost per record (CPU per million records in the throughput benchmark), this bounds
 * their share of the throughput without the round-to-round noise of end-to-end runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CopyBookkeepingBenchmark {

    private PartitionTrackers trackers;
    private PartitionTracker tracker;
    private Map<String, Object> sourcePartition;
    private OffsetSyncEmitter offsetSyncs;
    private TopicPartition source;
    private long offset;

    @Setup(Level.Trial)
    public void setUp() {
        source = new TopicPartition("orders", 3);
        tracker = new PartitionTracker(source, "east.orders");
        trackers = new PartitionTrackers();
        trackers.add(tracker);
        sourcePartition = SourceOffsets.partitionKey("east", source);
        trackers.sourceKey(source, sourcePartition);
        // acknowledges at once, as a healthy target does; the interval is the shipped default's order of magnitude
        offsetSyncs = new OffsetSyncEmitter(new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()),
            "ferry-offset-syncs.east.internal", 1_000, 1_000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        offsetSyncs.close();
    }

    /** One record's bookkeeping with offset syncs and monitoring on, as {@code commitRecord} does it. */
    @Benchmark
    public PartitionTracker syncsAndMonitoring() {
        long now = System.currentTimeMillis();
        long upstream = offset++;
        PartitionTracker found = trackers.of(sourcePartition);
        found.handedOver(1, upstream);
        offsetSyncs.onCopied(source, upstream, upstream, now);
        found.copied(upstream, upstream, now - 5, 520, 5);
        return found;
    }

    /** The same without offset syncs: what switching them off saves per record. */
    @Benchmark
    public PartitionTracker monitoringOnly() {
        long now = System.currentTimeMillis();
        long upstream = offset++;
        PartitionTracker found = trackers.of(sourcePartition);
        found.handedOver(1, upstream);
        found.copied(upstream, upstream, now - 5, 520, 5);
        return found;
    }
}
