package dev.ferry.bench.micro;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import dev.ferry.offsets.OffsetSyncStore;
import dev.ferry.offsets.OffsetTranslator;
import dev.ferry.offsets.Translation;
import org.apache.kafka.common.TopicPartition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One translation of a committed offset (what the checkpoint task does per group partition and interval) against a
 * partition whose history holds {@code runs} runs of 10,000 records separated by gaps of 10, up to the store's
 * default cap of 1,000 runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TranslatorLookupBenchmark {

    private static final long RUN_LENGTH = 10_000;

    @Param({"1", "100", "1000"})
    public int runs;

    private final TopicPartition source = new TopicPartition("orders", 3);
    private final SplittableRandom random = new SplittableRandom(5);
    private OffsetTranslator translator;
    private long copiedUpstream;

    @Setup
    public void setUp() {
        OffsetSyncStore store = new OffsetSyncStore();
        RunSpan previous = null;
        long upstream = 0;
        long downstream = 0;
        for (int i = 0; i < runs; i++) {
            RunSpan run = new RunSpan(upstream, downstream, upstream + RUN_LENGTH - 1, downstream + RUN_LENGTH - 1);
            store.add(OffsetSync.runStart(source, upstream, downstream, previous, i));
            store.add(OffsetSync.progress(source, run, previous, i));
            previous = run;
            upstream += RUN_LENGTH + 10;
            downstream += RUN_LENGTH;
        }
        copiedUpstream = upstream;
        translator = new OffsetTranslator(store);
    }

    @Benchmark
    public Translation translate() {
        return translator.translate(source, 1 + random.nextLong(copiedUpstream - 1));
    }
}
