package dev.ferry.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * Produces oracle records to a source cluster and remembers how many it produced per partition, so
 * a {@link ReplicationChecker} knows what to expect.
 *
 * <p>Guarantees: each (topic, partition) receives seqs 0, 1, 2, ... in order with no gaps, each
 * record sent with its explicit partition and generated timestamp, through an idempotent producer
 * with acks=all (no duplicates or reordering from producer retries). {@link #produce} and
 * {@link #produceInBackground} may run at the same time, also on the same partition.
 *
 * <p>Any failed send makes {@link #produce} or {@link BackgroundProduction#stop()} throw; the counts
 * are then no longer trustworthy and the run should be abandoned.
 */
public final class OracleProducer implements AutoCloseable {

    private final String run;
    private final OracleRecords records;
    private final KafkaProducer<byte[], byte[]> producer;
    /** Next seq per partition; also the lock that keeps seq order equal to send order. */
    private final Map<TopicPartition, Sequence> sequences = new ConcurrentHashMap<>();
    private final List<BackgroundProduction> background = new ArrayList<>();

    private OracleProducer(EmbeddedKafkaCluster cluster, String run, OracleRecords records) {
        this.run = run;
        this.records = records;
        this.producer = cluster.createProducer(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "oracle-producer-" + run));
    }

    /**
     * @param cluster the cluster to produce to (normally the source)
     * @param run     the run name: non-empty, without '/'; use a new one per test so records never mix
     * @return a producer of {@link OracleRecords#standard()} records
     */
    public static OracleProducer start(EmbeddedKafkaCluster cluster, String run) {
        return start(cluster, run, OracleRecords.standard());
    }

    /**
     * @param cluster   the cluster to produce to
     * @param run       the run name: non-empty, without '/'
     * @param generator the generator, e.g. {@link OracleRecords#withPayloadBytes(int)} for larger values
     * @return a producer of that generator's records
     */
    public static OracleProducer start(EmbeddedKafkaCluster cluster, String run, OracleRecords generator) {
        OracleId.requireName(run, "run");
        return new OracleProducer(Objects.requireNonNull(cluster), run, Objects.requireNonNull(generator));
    }

    /** @return the run name in every record's id */
    public String run() {
        return run;
    }

    /** @return the generator records are made with */
    public OracleRecords records() {
        return records;
    }

    /**
     * Produces the next {@code count} records of (topic, partition), continuing from the last seq
     * produced there, and returns once all are acknowledged.
     *
     * @param topic     the topic
     * @param partition the partition, which must exist
     * @param count     how many records
     * @throws IllegalStateException if any send failed
     */
    public void produce(String topic, int partition, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        Sequence sequence = sequence(topic, partition);
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            sends.add(sendNext(topic, partition, sequence, null));
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("oracle record to " + topic + "-" + partition + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while producing to " + topic + "-" + partition, e);
            }
        }
    }

    /**
     * @return records produced to (topic, partition) so far. Exact once {@link #produce} has returned
     *         or background production has been stopped; while sends are in flight it includes them.
     */
    public long producedCount(String topic, int partition) {
        Sequence sequence = sequences.get(new TopicPartition(topic, partition));
        return sequence == null ? 0 : sequence.next();
    }

    /** @return records produced per partition of {@code topic}, for partitions produced to at least once */
    public Map<Integer, Long> producedCounts(String topic) {
        Map<Integer, Long> counts = new TreeMap<>();
        sequences.forEach((tp, sequence) -> {
            if (tp.topic().equals(topic)) {
                counts.put(tp.partition(), sequence.next());
            }
        });
        return counts;
    }

    /**
     * Starts producing in the background, spread round-robin over partitions {@code 0..partitionsPerTopic-1}
     * of every topic, at {@code ratePerSecond} records per second in total.
     *
     * @return the handle; {@link BackgroundProduction#stop()} stops, flushes and reports failures
     */
    public BackgroundProduction produceInBackground(Collection<String> topics, int partitionsPerTopic,
                                                    int ratePerSecond) {
        if (topics.isEmpty() || partitionsPerTopic < 1 || ratePerSecond < 1) {
            throw new IllegalArgumentException("need at least one topic, one partition and a rate of at least 1/s");
        }
        List<TopicPartition> targets = new ArrayList<>();
        for (String topic : topics) {
            for (int p = 0; p < partitionsPerTopic; p++) {
                targets.add(new TopicPartition(topic, p));
            }
        }
        BackgroundProduction handle = new BackgroundProduction(this, targets, ratePerSecond);
        synchronized (background) {
            background.add(handle);
        }
        handle.start();
        return handle;
    }

    /** Stops any background production, then closes the client. */
    @Override
    public void close() {
        List<BackgroundProduction> running;
        synchronized (background) {
            running = new ArrayList<>(background);
            background.clear();
        }
        try {
            for (BackgroundProduction handle : running) {
                handle.stopQuietly();
            }
        } finally {
            producer.close();
        }
    }

    /** Sends the next record of (topic, partition); {@code onFailure} (may be null) is told of a failed send. */
    Future<RecordMetadata> sendNext(String topic, int partition, Sequence sequence, Consumer<Exception> onFailure) {
        // Assigning the seq and handing the record to the producer under one lock keeps seq order
        // equal to send order, which the idempotent producer then keeps on the broker.
        synchronized (sequence) {
            long seq = sequence.take();
            ExpectedRecord record = records.generate(run, topic, partition, seq);
            return producer.send(record.toProducerRecord(topic), (metadata, error) -> {
                if (error != null && onFailure != null) {
                    onFailure.accept(error);
                }
            });
        }
    }

    Sequence sequence(String topic, int partition) {
        return sequences.computeIfAbsent(new TopicPartition(topic, partition), tp -> new Sequence());
    }

    void flush() {
        producer.flush();
    }

    void finished(BackgroundProduction handle) {
        synchronized (background) {
            background.remove(handle);
        }
    }

    /** The next seq of one partition. Guarded by its own monitor. */
    static final class Sequence {
        private long next;

        synchronized long take() {
            return next++;
        }

        synchronized long next() {
            return next;
        }
    }
}
