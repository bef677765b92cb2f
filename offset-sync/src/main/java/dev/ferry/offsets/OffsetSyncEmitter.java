package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes the offset syncs of one mirror task: a {@code RUN_START} as soon as a copy starts a run, and
 * periodic {@code PROGRESS} syncs (see {@link OffsetSync}, {@link RunTracker}).
 *
 * <h2>Bounded, never blocking the copy path</h2>
 * At most {@code maxInFlight} syncs are unacknowledged at a time, so the producer's buffer never fills
 * and {@link #onCopied} never waits for it. When all slots are taken:
 * <ul>
 *   <li>a {@code PROGRESS} sync is skipped and its partition reported at a later interval (a later
 *       progress supersedes it);</li>
 *   <li>a {@code RUN_START} waits in a queue of at most {@code maxInFlight} entries and goes out, in
 *       order, as slots free up (on the next call). A {@code RUN_START} is never dropped silently:
 *       if the queue is full, the send fails, or it is still queued when {@link #close} gives up, the
 *       loss is reported by {@link #failure()}.</li>
 * </ul>
 * A lost sync never makes a translation skip records, but translations of the offsets it described
 * may re-read copies, possibly while labelled exact; the task should fail on {@link #failure()} so
 * that an operator sees it.
 *
 * <h2>Threads</h2>
 * {@link #onCopied} may be called from the thread that runs producer callbacks (Connect's
 * {@code commitRecord}) while {@link #maybeEmitProgress} runs on the task thread; all methods are
 * synchronized. Only {@link #flush} and {@link #close} wait. The producer's own callbacks never take
 * this object's lock, so a send that waits for metadata cannot deadlock with them. Make sure the
 * producer has the topic's metadata before the first copy (e.g. {@code producer.partitionsFor(topic)}
 * when the task starts), or the first send may wait up to {@code max.block.ms}.
 */
public final class OffsetSyncEmitter implements AutoCloseable {

    /** How long {@link #close()} waits for queued and unacknowledged syncs. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(OffsetSyncEmitter.class);

    /**
     * Told each time a sync of a source partition is acknowledged (e.g. for an offset-sync age metric, or to know
     * how far the syncs in the topic describe the copies). Runs on the producer's I/O thread: it must be quick and
     * must not wait for anything.
     */
    @FunctionalInterface
    public interface AckListener {
        /** No listening. */
        AckListener NONE = (source, upstream, nowMs) -> { };

        /**
         * @param upstream the upstream offset whose copy the acknowledged sync reports: the syncs in the topic now
         *                 describe the copies of this partition's current run up to it
         */
        void acknowledged(TopicPartition source, long upstream, long nowMs);
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final long progressIntervalMs;
    private final int maxInFlight;
    private final Semaphore slots;
    private final AckListener ackListener;
    private final RunTracker tracker = new RunTracker();
    private final ArrayDeque<OffsetSync> queuedRunStarts = new ArrayDeque<>();
    // Filled by producer callbacks, which must not take this object's lock (see the class comment).
    private final Queue<TopicPartition> progressToRetry = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong runStartsLost = new AtomicLong();
    private long progressSkipped;
    private long unknownOffsets;
    private boolean progressEmitted;
    private long lastProgressMs;
    private long latestNowMs;
    private boolean closed;

    /**
     * @param producer           writes to the offset-syncs topic; the emitter owns it and closes it in {@link #close}
     * @param topic              the offset-syncs topic
     * @param progressIntervalMs minimum time between two rounds of {@code PROGRESS} syncs
     * @param maxInFlight        most syncs sent but not yet acknowledged, and most {@code RUN_START}s waiting for a slot
     */
    public OffsetSyncEmitter(Producer<byte[], byte[]> producer, String topic, long progressIntervalMs, int maxInFlight) {
        this(producer, topic, progressIntervalMs, maxInFlight, AckListener.NONE);
    }

    /**
     * As {@link #OffsetSyncEmitter(Producer, String, long, int)}, telling {@code ackListener} of every
     * acknowledged sync.
     */
    public OffsetSyncEmitter(Producer<byte[], byte[]> producer, String topic, long progressIntervalMs, int maxInFlight,
                             AckListener ackListener) {
        if (progressIntervalMs < 0 || maxInFlight < 1) {
            throw new IllegalArgumentException("progressIntervalMs must be >= 0 and maxInFlight >= 1, were "
                + progressIntervalMs + " and " + maxInFlight);
        }
        this.producer = producer;
        this.topic = topic;
        this.progressIntervalMs = progressIntervalMs;
        this.maxInFlight = maxInFlight;
        this.slots = new Semaphore(maxInFlight);
        this.ackListener = ackListener;
    }

    /**
     * Records an acknowledged copy: upstream offset {@code upstream} of {@code source} is now at
     * downstream offset {@code downstream}. Copies of one partition must be reported in the order the
     * target acknowledged them. A negative offset means the producer did not learn it (e.g.
     * {@code acks=0}): such a copy is counted and left out, and the next copy starts a new run.
     */
    public synchronized void onCopied(TopicPartition source, long upstream, long downstream, long nowMs) {
        if (closed) {
            return;
        }
        latestNowMs = Math.max(latestNowMs, nowMs);
        if (upstream < 0 || downstream < 0) {
            unknownOffsets++;
            return;
        }
        tracker.onCopied(source, upstream, downstream, nowMs).ifPresent(this::enqueueRunStart);
        sendQueuedRunStarts();
    }

    /**
     * Sends queued {@code RUN_START}s that now have a slot and, if {@code progressIntervalMs} passed
     * since the last round, one {@code PROGRESS} per partition that advanced. Call it often (every poll).
     */
    public synchronized void maybeEmitProgress(long nowMs) {
        if (closed) {
            return;
        }
        latestNowMs = Math.max(latestNowMs, nowMs);
        retryFailedProgress();
        sendQueuedRunStarts();
        if (progressEmitted && nowMs - lastProgressMs < progressIntervalMs) {
            return;
        }
        progressEmitted = true;
        lastProgressMs = nowMs;
        for (OffsetSync sync : tracker.progress(nowMs)) {
            if (slots.tryAcquire()) {
                send(sync, progressCallback(sync));
            } else {
                tracker.markUnreported(sync.source());
                progressSkipped++;
            }
        }
    }

    /**
     * The first loss of a {@code RUN_START}, if any: the task should fail with it. Stays set.
     */
    public Optional<Exception> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Sends every queued {@code RUN_START}, waiting for slots, then waits until all sent syncs are
     * acknowledged (or failed). Does nothing after {@link #close}.
     */
    public synchronized void flush() {
        if (closed) {
            return;
        }
        retryFailedProgress();
        while (!queuedRunStarts.isEmpty()) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
            OffsetSync sync = queuedRunStarts.pollFirst();
            send(sync, runStartCallback(sync));
        }
        producer.flush();
    }

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Sends the queued {@code RUN_START}s and a final {@code PROGRESS} for every partition that
     * advanced (so translations up to the last reported copy are exact after a graceful stop), waits up
     * to {@code timeout} for them, and closes the producer. Later calls do nothing.
     */
    public synchronized void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            retryFailedProgress();
            while (!queuedRunStarts.isEmpty() && acquireBefore(deadline)) {
                OffsetSync sync = queuedRunStarts.pollFirst();
                send(sync, runStartCallback(sync));
            }
            for (OffsetSync sync : tracker.progress(latestNowMs)) {
                if (!acquireBefore(deadline)) {
                    progressSkipped++;
                    continue;
                }
                send(sync, progressCallback(sync));
            }
            OffsetSync unsent;
            while ((unsent = queuedRunStarts.pollFirst()) != null) {
                lost(unsent, new KafkaException("the emitter was closed before a slot to send it freed up within " + timeout));
            }
        } finally {
            producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    /** {@code RUN_START}s that could not be written. */
    public long runStartsLost() {
        return runStartsLost.get();
    }

    /** {@code PROGRESS} syncs skipped for lack of a slot (their partitions were reported later). */
    public synchronized long progressSkipped() {
        return progressSkipped;
    }

    /** Copies reported with an unknown offset, which no sync describes. */
    public synchronized long unknownOffsets() {
        return unknownOffsets;
    }

    /** {@code RUN_START}s waiting for a slot. */
    public synchronized int queuedRunStarts() {
        return queuedRunStarts.size();
    }

    private boolean acquireBefore(long deadlineNanos) {
        try {
            return slots.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void enqueueRunStart(OffsetSync sync) {
        if (queuedRunStarts.size() >= maxInFlight) {
            lost(sync, new KafkaException(maxInFlight + " offset syncs are unacknowledged and " + maxInFlight
                + " run starts wait for a slot: the topic does not keep up with the copies"));
            return;
        }
        queuedRunStarts.addLast(sync);
    }

    private void sendQueuedRunStarts() {
        while (!queuedRunStarts.isEmpty() && slots.tryAcquire()) {
            OffsetSync sync = queuedRunStarts.pollFirst();
            send(sync, runStartCallback(sync));
        }
    }

    private void retryFailedProgress() {
        TopicPartition source;
        while ((source = progressToRetry.poll()) != null) {
            tracker.markUnreported(source);
        }
    }

    /** Sends with a slot already taken; the callback gives it back. */
    private void send(OffsetSync sync, Callback callback) {
        // No record timestamp: the broker's clock decides time-based retention of the syncs topic.
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, sync.serializeKey(), sync.serializeValue());
        try {
            producer.send(record, callback);
        } catch (RuntimeException e) {
            // Most send errors reach the callback; the rest (closed producer, interrupt) are thrown here. Treat them alike.
            callback.onCompletion(null, e);
        }
    }

    // Callbacks run on the producer's I/O thread: they touch only thread-safe fields and never this object's lock.
    private Callback runStartCallback(OffsetSync sync) {
        return (metadata, exception) -> {
            slots.release();
            if (exception != null) {
                lost(sync, exception);
            } else {
                ackListener.acknowledged(sync.source(), sync.upstream(), System.currentTimeMillis());
            }
        };
    }

    private Callback progressCallback(OffsetSync sync) {
        return (metadata, exception) -> {
            slots.release();
            if (exception != null) {
                progressToRetry.add(sync.source());
                log.debug("Progress sync for {} not written to '{}', it will be reported again: {}", sync.source(), topic,
                    exception.toString());
            } else {
                ackListener.acknowledged(sync.source(), sync.upstream(), System.currentTimeMillis());
            }
        };
    }

    private void lost(OffsetSync sync, Exception cause) {
        runStartsLost.incrementAndGet();
        KafkaException error = new KafkaException("Offset sync RUN_START " + sync.upstream() + " -> " + sync.downstream()
            + " of source partition " + sync.source() + " could not be written to topic '" + topic + "': " + cause.getMessage()
            + ". Translations of offsets around it will be conservative rather than exact", cause);
        if (failure.compareAndSet(null, error)) {
            log.error("{}", error.getMessage(), cause);
        } else {
            log.debug("{}", error.getMessage());
        }
    }
}
