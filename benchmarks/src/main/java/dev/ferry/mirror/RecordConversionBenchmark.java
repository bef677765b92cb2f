package dev.ferry.mirror;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.source.SourceRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The mirror task's per-record work: a consumed record (500 B value, 3 headers) to the SourceRecord Connect
 * writes, with and without the provenance header the identity policy adds. Lives in Ferry's package because the
 * converter is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordConversionBenchmark {

    @Param({"false", "true"})
    public boolean stampProvenance;

    private RecordConverter converter;
    private TopicPartition source;
    private ConsumerRecord<byte[], byte[]> record;

    @Setup
    public void setUp() {
        converter = new RecordConverter("east", "west", stampProvenance);
        source = new TopicPartition("orders", 3);
        converter.register(new AssignedPartition(source, Uuid.randomUuid(), "east.orders"));
        byte[] value = new byte[500];
        new Random(1).nextBytes(value);
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", "4bf92f3577b34da6a3ce929d0e0e4736".getBytes());
        headers.add("content-type", "application/json".getBytes());
        headers.add("tenant", "acme".getBytes());
        record = new ConsumerRecord<>("orders", 3, 123_456_789L, 1_764_000_000_000L, TimestampType.CREATE_TIME,
            16, value.length, "customer-42".getBytes(), value, headers, Optional.empty());
    }

    @Benchmark
    public SourceRecord convert() {
        return converter.convert(source, record, 41); // at least once, offsets carry how far the syncs went
    }
}
