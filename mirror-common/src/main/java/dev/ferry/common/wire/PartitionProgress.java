package dev.ferry.common.wire;

import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;

/**
 * What a mirror task reports, every few seconds, about one source partition it copies: published to a
 * compacted progress topic on the target cluster so that any worker's monitoring extension can serve
 * lag, throughput, latency and health for every partition, whichever worker runs its task.
 *
 * <p>Counters are cumulative since {@code taskStartedAtMs}: a reader computes rates from the
 * difference between two reports with the same start time, and treats a new start time as a reset.
 *
 * <h2>Wire format</h2>
 * Big-endian ({@link ByteBuffer} order). Key, version 1 (one key per connector and source partition,
 * so compaction keeps the latest report of each):
 * <pre>
 *  bytes  field
 *  2      key format version (short) = 1
 *  2      connector name length c in UTF-8 bytes (short, 1..32767)
 *  c      connector name, UTF-8
 *  2      topic length n in UTF-8 bytes (short, 1..32767)
 *  n      source topic, UTF-8
 *  4      source partition (int, &gt;= 0)
 * </pre>
 * Value, version 1 (offsets and times are -1 when unknown):
 * <pre>
 *  bytes  field
 *  2      value format version (short) = 1
 *  2+s    sourceAlias: short length, UTF-8
 *  2+t    targetAlias: short length, UTF-8
 *  2+r    remoteTopic: the partition's topic on the target, short length, UTF-8
 *  4      taskId: the connector task that copies the partition (int, &gt;= 0)
 *  8      reportedAtMs: wall-clock time of this report
 *  8      taskStartedAtMs: when the counters below started from 0
 *  8      sourceLogEndOffset: the source partition's log end offset as last observed
 *  8      logEndObservedAtMs: when that log end offset was observed
 *  8      nextOffset: the next source offset to copy (last copied + 1, or where copying starts)
 *  8      lastDownstreamOffset: target offset of the last acknowledged copy
 *  8      lastRecordTimestampMs: source timestamp of the last acknowledged copy
 *  8      recordsCopied: records acknowledged by the target since taskStartedAtMs (&gt;= 0)
 *  8      bytesCopied: key + value + header bytes of those records (&gt;= 0)
 *  8      latencyCount: records acknowledged since the previous report (&gt;= 0)
 *  8      latencyP50Ms  \
 *  8      latencyP99Ms   | replication latency (target ack time minus source record timestamp)
 *  8      latencyP999Ms  | over those latencyCount records; -1 when latencyCount is 0
 *  8      latencyMaxMs  /
 * </pre>
 * Appended to version 1 (absent in reports of earlier releases, read as {@link Audit#NONE}): the Chaperone-style
 * audit, records handed to Connect (consumed) and acknowledged by the target, counted per window of the records'
 * source timestamps, so the two counts of a window must meet once its records are copied:
 * <pre>
 *  8      audit.windowMs: window length (0 when there is no audit)
 *  4      audit.windows: number w of windows that follow, newest last
 *  w*24   per window: startMs, consumed, acknowledged (longs)
 *  8      audit.olderConsumed: records of windows before these (or without a timestamp), consumed
 *  8      audit.olderAcknowledged: and acknowledged
 * </pre>
 * <b>Compatibility rule</b> (as for {@link OffsetSync}): a version only ever grows by appending fields
 * that readers may ignore; anything else is a new version, which older readers reject by name.
 *
 * @param connector             the mirror connector's name
 * @param source                the source topic partition
 * @param sourceAlias           the source cluster's alias
 * @param targetAlias           the target cluster's alias
 * @param remoteTopic           the topic the partition is copied to on the target
 * @param taskId                the connector task copying the partition
 * @param reportedAtMs          wall-clock time of this report
 * @param taskStartedAtMs       wall-clock time the cumulative counters started
 * @param sourceLogEndOffset    last observed source log end offset, or -1
 * @param logEndObservedAtMs    when {@code sourceLogEndOffset} was observed, or -1
 * @param nextOffset            next source offset to copy, or -1 before the start position is known
 * @param lastDownstreamOffset  target offset of the last acknowledged copy, or -1
 * @param lastRecordTimestampMs source timestamp of the last acknowledged copy, or -1
 * @param recordsCopied         records acknowledged since {@code taskStartedAtMs}
 * @param bytesCopied           bytes of those records
 * @param latency               replication latency of the records acknowledged since the previous report
 * @param audit                 records consumed and acknowledged per source-timestamp window since {@code taskStartedAtMs}
 */
public record PartitionProgress(String connector, TopicPartition source, String sourceAlias, String targetAlias,
                                String remoteTopic, int taskId, long reportedAtMs, long taskStartedAtMs,
                                long sourceLogEndOffset, long logEndObservedAtMs, long nextOffset,
                                long lastDownstreamOffset, long lastRecordTimestampMs, long recordsCopied,
                                long bytesCopied, Latency latency, Audit audit) {

    /** A report without audit counts. */
    public PartitionProgress(String connector, TopicPartition source, String sourceAlias, String targetAlias, String remoteTopic,
                             int taskId, long reportedAtMs, long taskStartedAtMs, long sourceLogEndOffset, long logEndObservedAtMs,
                             long nextOffset, long lastDownstreamOffset, long lastRecordTimestampMs, long recordsCopied,
                             long bytesCopied, Latency latency) {
        this(connector, source, sourceAlias, targetAlias, remoteTopic, taskId, reportedAtMs, taskStartedAtMs, sourceLogEndOffset,
            logEndObservedAtMs, nextOffset, lastDownstreamOffset, lastRecordTimestampMs, recordsCopied, bytesCopied, latency,
            Audit.NONE);
    }

    /**
     * Chaperone-style audit counts of one partition, cumulative since the task started: records handed to Connect and
     * records acknowledged by the target, per window of their source timestamps.
     *
     * @param windowMs          window length; 0 when there is no audit
     * @param windows           the most recent windows, oldest first
     * @param olderConsumed     consumed records of earlier windows, or without a timestamp
     * @param olderAcknowledged acknowledged records of earlier windows, or without a timestamp
     */
    public record Audit(long windowMs, java.util.List<AuditWindow> windows, long olderConsumed, long olderAcknowledged) {

        /** No audit counts (a report of an earlier release). */
        public static final Audit NONE = new Audit(0, java.util.List.of(), 0, 0);

        public Audit {
            windows = java.util.List.copyOf(windows);
        }
    }

    /** One audit window: records whose source timestamp is in {@code [startMs, startMs + windowMs)}. */
    public record AuditWindow(long startMs, long consumed, long acknowledged) {
    }

    /** The key and value format version this class writes and the newest it reads. */
    public static final short VERSION = 1;

    /**
     * Replication latency percentiles over {@code count} records; all -1 when {@code count} is 0.
     *
     * @param count  records measured
     * @param p50Ms  median, in milliseconds
     * @param p99Ms  99th percentile
     * @param p999Ms 99.9th percentile
     * @param maxMs  maximum
     */
    public record Latency(long count, long p50Ms, long p99Ms, long p999Ms, long maxMs) {

        /** No record was measured. */
        public static final Latency NONE = new Latency(0, -1, -1, -1, -1);
    }

    /**
     * @throws IllegalArgumentException if a field is missing or out of range
     */
    public PartitionProgress {
        if (connector == null || source == null || sourceAlias == null || targetAlias == null || remoteTopic == null
            || latency == null || audit == null) {
            throw new IllegalArgumentException("connector, source, aliases, remote topic and latency are required");
        }
        String problem = inconsistency(connector, source.topic(), source.partition(), taskId, recordsCopied, bytesCopied, latency);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid progress of connector '" + connector + "' for " + source + ": " + problem);
        }
    }

    private static String inconsistency(String connector, String topic, int partition, int taskId, long recordsCopied,
                                        long bytesCopied, Latency latency) {
        if (connector.isEmpty() || topic.isEmpty()) {
            return "connector name and source topic must not be empty";
        }
        if (partition < 0 || taskId < 0) {
            return "partition " + partition + " and task id " + taskId + " must not be negative";
        }
        if (recordsCopied < 0 || bytesCopied < 0 || latency.count() < 0) {
            return "counters must not be negative (records " + recordsCopied + ", bytes " + bytesCopied
                + ", latency count " + latency.count() + ")";
        }
        return null;
    }

    /** Lag in records: source log end minus the next offset to copy, or -1 when either is unknown. */
    public long lagRecords() {
        if (sourceLogEndOffset < 0 || nextOffset < 0) {
            return -1;
        }
        return Math.max(0, sourceLogEndOffset - nextOffset);
    }

    /** The key, in the layout described above. */
    public byte[] serializeKey() {
        byte[] name = WireWriter.shortStringBytes(connector, "connector name");
        byte[] topic = WireWriter.shortStringBytes(source.topic(), "source topic");
        ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES * 3 + name.length + topic.length + Integer.BYTES);
        buffer.putShort(VERSION);
        WireWriter.putShortString(buffer, name);
        WireWriter.putShortString(buffer, topic);
        buffer.putInt(source.partition());
        return buffer.array();
    }

    /** The value, in the layout described above. */
    public byte[] serializeValue() {
        byte[] sourceName = WireWriter.shortStringBytes(sourceAlias, "source alias");
        byte[] targetName = WireWriter.shortStringBytes(targetAlias, "target alias");
        byte[] remote = WireWriter.shortStringBytes(remoteTopic, "remote topic");
        ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES * 4 + sourceName.length + targetName.length + remote.length
            + Integer.BYTES + 14 * Long.BYTES + 3 * Long.BYTES + Integer.BYTES + audit.windows().size() * 3 * Long.BYTES);
        buffer.putShort(VERSION);
        WireWriter.putShortString(buffer, sourceName);
        WireWriter.putShortString(buffer, targetName);
        WireWriter.putShortString(buffer, remote);
        buffer.putInt(taskId);
        buffer.putLong(reportedAtMs);
        buffer.putLong(taskStartedAtMs);
        buffer.putLong(sourceLogEndOffset);
        buffer.putLong(logEndObservedAtMs);
        buffer.putLong(nextOffset);
        buffer.putLong(lastDownstreamOffset);
        buffer.putLong(lastRecordTimestampMs);
        buffer.putLong(recordsCopied);
        buffer.putLong(bytesCopied);
        buffer.putLong(latency.count());
        buffer.putLong(latency.p50Ms());
        buffer.putLong(latency.p99Ms());
        buffer.putLong(latency.p999Ms());
        buffer.putLong(latency.maxMs());
        buffer.putLong(audit.windowMs());
        buffer.putInt(audit.windows().size());
        for (AuditWindow window : audit.windows()) {
            buffer.putLong(window.startMs());
            buffer.putLong(window.consumed());
            buffer.putLong(window.acknowledged());
        }
        buffer.putLong(audit.olderConsumed());
        buffer.putLong(audit.olderAcknowledged());
        return buffer.array();
    }

    /**
     * Reads a report written by {@link #serializeKey()} and {@link #serializeValue()}.
     *
     * @throws WireFormatException naming what is wrong, if the record is null, truncated, of a newer
     *                             version, foreign, or out of range
     */
    public static PartitionProgress deserialize(byte[] key, byte[] value) {
        WireReader keyReader = WireReader.open("progress key", key, VERSION);
        String connector = keyReader.readShortString("connector name");
        String topic = keyReader.readShortString("source topic");
        int partition = keyReader.readInt("source partition");

        WireReader valueReader = WireReader.open("progress value", value, VERSION);
        String sourceAlias = valueReader.readShortString("source alias");
        String targetAlias = valueReader.readShortString("target alias");
        String remoteTopic = valueReader.readShortString("remote topic");
        int taskId = valueReader.readInt("taskId");
        long reportedAtMs = valueReader.readLong("reportedAtMs");
        long taskStartedAtMs = valueReader.readLong("taskStartedAtMs");
        long sourceLogEndOffset = valueReader.readLong("sourceLogEndOffset");
        long logEndObservedAtMs = valueReader.readLong("logEndObservedAtMs");
        long nextOffset = valueReader.readLong("nextOffset");
        long lastDownstreamOffset = valueReader.readLong("lastDownstreamOffset");
        long lastRecordTimestampMs = valueReader.readLong("lastRecordTimestampMs");
        long recordsCopied = valueReader.readLong("recordsCopied");
        long bytesCopied = valueReader.readLong("bytesCopied");
        Latency latency = new Latency(valueReader.readLong("latencyCount"), valueReader.readLong("latencyP50Ms"),
            valueReader.readLong("latencyP99Ms"), valueReader.readLong("latencyP999Ms"), valueReader.readLong("latencyMaxMs"));
        Audit audit = valueReader.remaining() == 0 ? Audit.NONE : readAudit(valueReader);
        // Bytes after this point are fields appended by a later release of version 1: ignored by design.
        String problem = inconsistency(connector, topic, partition, taskId, recordsCopied, bytesCopied, latency);
        if (problem != null) {
            throw new WireFormatException("progress of connector '" + connector + "' for " + topic + "-" + partition + ": " + problem);
        }
        return new PartitionProgress(connector, new TopicPartition(topic, partition), sourceAlias, targetAlias, remoteTopic,
            taskId, reportedAtMs, taskStartedAtMs, sourceLogEndOffset, logEndObservedAtMs, nextOffset, lastDownstreamOffset,
            lastRecordTimestampMs, recordsCopied, bytesCopied, latency, audit);
    }

    private static Audit readAudit(WireReader reader) {
        long windowMs = reader.readLong("audit.windowMs");
        int count = reader.readInt("audit.windows");
        if (count < 0 || count > reader.remaining() / (3 * Long.BYTES)) {
            throw reader.error("audit window count " + count + " does not fit the " + reader.remaining() + " bytes left");
        }
        java.util.List<AuditWindow> windows = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            windows.add(new AuditWindow(reader.readLong("audit window start"), reader.readLong("audit window consumed"),
                reader.readLong("audit window acknowledged")));
        }
        return new Audit(windowMs, windows, reader.readLong("audit.olderConsumed"), reader.readLong("audit.olderAcknowledged"));
    }
}
