package dev.ferry.mirror;

import dev.ferry.common.wire.PartitionProgress;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a task knows about the copying of one source partition: positions, counters since the task
 * started, recent latencies and log-end samples. The metrics and the progress reports both read it.
 *
 * <p>Written from three threads (the task thread after each poll, the producer callback thread in
 * {@code commitRecord}, the task's monitor thread), so every method is synchronized on the tracker: one
 * uncontended lock per copied record, no allocation. Metrics and progress reports read it from the
 * monitor thread, so a copied record costs nothing more than this.
 */
final class PartitionTracker {

    private final TopicPartition source;
    private final String remoteTopic;
    // two windows over the same latencies: one per progress report, one per metrics window
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final LatencyHistogram windowLatencies = new LatencyHistogram();
    private final LogEndSamples samples = new LogEndSamples();
    private final AuditWindows audit = new AuditWindows();

    private long nextOffset = -1;
    private long lastDownstreamOffset = -1;
    private long lastRecordTimestampMs = -1;
    private long recordsCopied;
    private long bytesCopied;
    private long logEnd = -1;
    private long logEndObservedAtMs = -1;
    // the log end the consumer reported last, which it repeats unchanged while its fetches bring nothing
    private long consumerLogEnd = -1;
    private long lastSyncAckMs = -1;
    // records handed to Connect by poll() and not yet committed (acknowledged or dropped)
    private long inFlight;
    // Upstream offset up to which offset syncs in the topic describe this partition's copies, -1 while unknown. Read
    // once per poll batch without the lock, written by the sync producer's I/O thread and at the start.
    private final AtomicLong synced = new AtomicLong(-1);

    PartitionTracker(TopicPartition source, String remoteTopic) {
        this.source = source;
        this.remoteTopic = remoteTopic;
    }

    TopicPartition source() {
        return source;
    }

    String remoteTopic() {
        return remoteTopic;
    }

    /** Where copying starts, known from the stored position before anything is copied. */
    synchronized void startAt(long next) {
        if (nextOffset < 0) {
            nextOffset = next;
            // a task resumes where the syncs in the topic describe the copies up to (see SourceOffsets.resumeAfter)
            synced.compareAndSet(-1, next - 1);
        }
    }

    /** Forgets the position (the topic was recreated: copying starts over from its first record). */
    synchronized void restart() {
        synced.set(-1);
        nextOffset = -1;
        inFlight = 0;
        logEnd = -1;
        consumerLogEnd = -1;
    }

    /** poll() hands {@code records} records of this partition to Connect, the first at {@code firstOffset}. */
    synchronized void handedOver(int records, long firstOffset) {
        inFlight += records;
        if (nextOffset < 0) {
            nextOffset = firstOffset;
        }
    }

    /**
     * poll() hands these copies of this partition to Connect, the first at {@code firstOffset}: in flight, and
     * counted for the audit by the timestamp each carries (the one commitRecord counts it by when acknowledged).
     * One lock per partition and poll, not per record.
     */
    synchronized void handedOver(List<SourceRecord> copies, long firstOffset) {
        handedOver(copies.size(), firstOffset);
        for (SourceRecord copy : copies) {
            audit.consumed(copy.timestamp() == null ? -1 : copy.timestamp());
        }
    }

    /** A copy was acknowledged by the target. */
    synchronized void copied(long upstream, long downstream, long recordTimestampMs, int bytes, long latencyMs) {
        inFlight--;
        audit.acknowledged(recordTimestampMs);
        if (upstream + 1 > nextOffset) {
            nextOffset = upstream + 1;
        }
        if (downstream >= 0) {
            lastDownstreamOffset = downstream;
        }
        if (recordTimestampMs >= 0) {
            lastRecordTimestampMs = recordTimestampMs;
        }
        recordsCopied++;
        bytesCopied += bytes;
        latencies.record(latencyMs);
        windowLatencies.record(latencyMs);
    }

    /** Connect committed a record without a copy (dropped by a transform, or skipped under errors.tolerance=all). */
    synchronized void committedWithoutCopy() {
        inFlight--;
    }

    /**
     * The source log end as the task's consumer sees it, and the consumer's position. When every record
     * handed over has been committed, the position is the next offset to copy: it is past transaction
     * markers and records deliberately not copied, which no acknowledgement reports.
     *
     * @param position the consumer's position, or -1 when not known
     */
    synchronized void observed(long logEndOffset, long position, long nowMs) {
        // A consumer whose fetches stall (throttled by a quota, answered empty) keeps reporting the log end of
        // its last fetch with data, so only a changed value is news. An unchanged one leaves the observation
        // to age, and the task's monitor then looks the log end up through the source admin client: the lag
        // of a stalled partition keeps rising instead of freezing at its last value.
        // A log end never moves back (a recreated topic goes through restart()): after a pause, the consumer's
        // first fetches still carry the end it saw before, below the one the monitor looked up meanwhile, and
        // taking it would report a lag of 0 while records remain to copy.
        if (logEndOffset != consumerLogEnd && logEndOffset >= logEnd) {
            consumerLogEnd = logEndOffset;
            logEnd = logEndOffset;
            logEndObservedAtMs = nowMs;
            samples.observe(logEndOffset, nowMs);
        }
        if (position >= 0 && inFlight <= 0 && position > nextOffset) {
            nextOffset = position;
        }
    }

    /** A log end looked up while the consumer was not polling; ignored if the consumer saw one since {@code askedAtMs}. */
    synchronized void lookedUp(long logEndOffset, long askedAtMs, long nowMs) {
        if (logEndObservedAtMs >= askedAtMs || logEndOffset < logEnd) {
            return;
        }
        logEnd = logEndOffset;
        logEndObservedAtMs = nowMs;
        samples.observe(logEndOffset, nowMs);
    }

    synchronized long logEndObservedAtMs() {
        return logEndObservedAtMs;
    }

    /** An offset sync of this partition reporting the copy of upstream offset {@code upstream} is in the topic. */
    void offsetSyncAcknowledged(long upstream, long nowMs) {
        synced.accumulateAndGet(upstream, Math::max);
        synchronized (this) {
            lastSyncAckMs = nowMs;
        }
    }

    /**
     * The upstream offset up to which the offset syncs in the topic describe this partition's copies (a restart
     * resuming right after it translates every consumer offset exactly), or -1 while unknown.
     */
    long synced() {
        return synced.get();
    }

    synchronized long nextOffset() {
        return nextOffset;
    }

    synchronized long logEnd() {
        return logEnd;
    }

    synchronized long recordsCopied() {
        return recordsCopied;
    }

    synchronized long bytesCopied() {
        return bytesCopied;
    }

    /** Source log end minus the next offset to copy, or -1 while either is unknown. */
    synchronized long lagRecords() {
        return logEnd < 0 || nextOffset < 0 ? -1 : Math.max(0, logEnd - nextOffset);
    }

    /** See {@link LogEndSamples}: -1 while unknown. */
    synchronized long lagMs(long nowMs) {
        if (logEnd >= 0 && nextOffset >= logEnd) {
            return 0;
        }
        return samples.lagMs(nextOffset, nowMs);
    }

    /** Now minus the source timestamp of the last copied record, or -1 before the first copy. */
    synchronized long recordAgeMs(long nowMs) {
        return lastRecordTimestampMs < 0 ? -1 : Math.max(0, nowMs - lastRecordTimestampMs);
    }

    /** Now minus when the last offset sync of this partition was acknowledged, or -1 before the first. */
    synchronized long offsetSyncAgeMs(long nowMs) {
        return lastSyncAckMs < 0 ? -1 : Math.max(0, nowMs - lastSyncAckMs);
    }

    /**
     * Closes a metrics window: the counters so far and the latencies since the previous window, which are
     * also added to {@code taskWindow}; then starts the next window.
     */
    synchronized MetricsWindow closeWindow(LatencyHistogram taskWindow) {
        MetricsWindow window = new MetricsWindow(recordsCopied, bytesCopied, windowLatencies.mean(), windowLatencies.max());
        windowLatencies.addTo(taskWindow);
        windowLatencies.reset();
        return window;
    }

    /** What {@link #closeWindow} hands the metrics: running counters, and the latencies of the window just closed. */
    record MetricsWindow(long recordsCopied, long bytesCopied, double latencyMeanMs, long latencyMaxMs) {
    }

    /** A report of this partition; the latency summary covers the copies since the previous report. */
    synchronized PartitionProgress report(String connector, String sourceAlias, String targetAlias, int taskId,
                                          long taskStartedAtMs, long nowMs) {
        return new PartitionProgress(connector, source, sourceAlias, targetAlias, remoteTopic, taskId, nowMs, taskStartedAtMs,
            logEnd, logEndObservedAtMs, nextOffset, lastDownstreamOffset, lastRecordTimestampMs, recordsCopied, bytesCopied,
            latencies.drain(), audit.snapshot());
    }
}
