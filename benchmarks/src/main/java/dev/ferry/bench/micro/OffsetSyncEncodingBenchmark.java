package dev.ferry.bench.micro;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import org.apache.kafka.common.TopicPartition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/** Encoding an offset sync (what the mirror task does per run start and progress marker) and decoding it (the reader). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OffsetSyncEncodingBenchmark {

    private OffsetSync sync;
    private byte[] key;
    private byte[] value;

    @Setup
    public void setUp() {
        TopicPartition source = new TopicPartition("orders", 3);
        sync = OffsetSync.progress(source, new RunSpan(1_000_000, 400_000, 1_250_000, 650_000), new RunSpan(0, 0, 399_999, 399_999),
            1_764_000_000_000L);
        key = sync.serializeKey();
        value = sync.serializeValue();
    }

    @Benchmark
    public int encode() {
        return sync.serializeKey().length + sync.serializeValue().length;
    }

    @Benchmark
    public OffsetSync decode() {
        return OffsetSync.deserialize(key, value);
    }
}
