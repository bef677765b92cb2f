package dev.ferry.common.wire;

import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;

/**
 * One fact about how a source partition was copied: where a <em>run</em> started, or how far it has got.
 *
 * <h2>Runs</h2>
 * A run is a maximal sequence of acknowledged copies of one source partition, made by one task, in
 * which both the upstream and the downstream offset advance by exactly one per record. Inside a run
 * the mapping is exact and dense (see {@link RunSpan}). A run ends where either log has a gap
 * (compaction, transaction markers, records not copied, records of other writers, downstream
 * transaction markers) or where upstream offsets repeat or go back (a re-send after a restart).
 *
 * <h2>Kinds</h2>
 * <ul>
 *   <li>{@link Kind#RUN_START}: a new run starts with the copy {@code run} (a one-copy span).</li>
 *   <li>{@link Kind#PROGRESS}: the run has reached at least the end of {@code run}.</li>
 * </ul>
 * Both kinds also carry, when the emitting task knows it, the whole run that preceded this run for the
 * same partition ({@code previousRun}, else {@code null}): it ended exactly at its end. Every sync thus
 * names the runs it speaks about by their first copy; a reader may lose, duplicate or reorder syncs
 * and still never learn anything false.
 *
 * <h2>Wire format</h2>
 * Big-endian ({@link ByteBuffer} order). Key, version 1:
 * <pre>
 *  bytes  field
 *  2      key format version (short) = 1
 *  2      topic length n in UTF-8 bytes (short, 1..32767)
 *  n      source topic, UTF-8
 *  4      source partition (int, &gt;= 0)
 * </pre>
 * Value, version 1 (75 bytes):
 * <pre>
 *  bytes  field
 *  2      value format version (short) = 1
 *  1      kind: 0 = RUN_START, 1 = PROGRESS
 *  8      run.startUpstream     (long, &gt;= 0)
 *  8      run.startDownstream   (long, &gt;= 0)
 *  8      run.endUpstream       (long, &gt;= run.startUpstream; = run.startUpstream for RUN_START)
 *  8      run.endDownstream     (long, = run.startDownstream + run.endUpstream - run.startUpstream)
 *  8      previousRun.startUpstream    (long; all four previousRun fields are -1 when there is none)
 *  8      previousRun.startDownstream
 *  8      previousRun.endUpstream
 *  8      previousRun.endDownstream    (&lt; run.startDownstream)
 *  8      timestampMs: wall-clock time the sync was emitted
 * </pre>
 * <b>Compatibility rule.</b> Within a version, later releases may only append fields after the last
 * one, and only fields that a reader may ignore without misreading the record; readers skip bytes
 * after the fields they know. Any other change (new kind, changed meaning or order) increments the
 * version, and readers reject versions newer than theirs with a {@link WireFormatException} that says
 * so. Version 0 and negative versions are rejected as foreign (MirrorMaker 2's offset syncs, whose
 * values start with a small upstream offset, read as version 0).
 *
 * @param source      the source topic partition
 * @param kind        what the sync states
 * @param run         the run this sync is about, from its first copy to the copy reported
 * @param previousRun the complete run before it on the same partition, or {@code null} if not known
 * @param timestampMs wall-clock time of emission, informational
 */
public record OffsetSync(TopicPartition source, Kind kind, RunSpan run, RunSpan previousRun, long timestampMs) {

    /** The key and value format version this class writes and the newest it reads. */
    public static final short VERSION = 1;

    private static final long NONE = -1L;
    private static final int VALUE_SIZE_V1 = Short.BYTES + Byte.BYTES + 9 * Long.BYTES;

    /** What a sync states; see the class documentation. The code is the wire value. */
    public enum Kind {
        RUN_START(0),
        PROGRESS(1);

        private final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }

        public byte code() {
            return code;
        }

        static Kind ofCode(byte code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return null;
        }
    }

    /**
     * @throws IllegalArgumentException if the fields do not describe a possible sync (see the wire format)
     */
    public OffsetSync {
        if (source == null || kind == null || run == null) {
            throw new IllegalArgumentException("source, kind and run are required");
        }
        String problem = inconsistency(source.partition(), kind, run, previousRun);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid offset sync for " + source + ": " + problem);
        }
    }

    /** A sync stating that {@code upstream} was copied to {@code downstream} and a new run starts there. */
    public static OffsetSync runStart(TopicPartition source, long upstream, long downstream, RunSpan previousRun, long timestampMs) {
        return new OffsetSync(source, Kind.RUN_START, RunSpan.of(upstream, downstream), previousRun, timestampMs);
    }

    /** A sync stating that the run has reached the end of {@code run}. */
    public static OffsetSync progress(TopicPartition source, RunSpan run, RunSpan previousRun, long timestampMs) {
        return new OffsetSync(source, Kind.PROGRESS, run, previousRun, timestampMs);
    }

    /** The upstream offset of the copy this sync reports (the run's start for a RUN_START). */
    public long upstream() {
        return run.endUpstream();
    }

    /** The downstream offset of the copy this sync reports. */
    public long downstream() {
        return run.endDownstream();
    }

    /** @return a description of what is inconsistent, or {@code null} if the fields fit together */
    private static String inconsistency(int partition, Kind kind, RunSpan run, RunSpan previousRun) {
        if (partition < 0) {
            return "partition " + partition + " is negative";
        }
        if (kind == Kind.RUN_START && run.endUpstream() != run.startUpstream()) {
            return "a RUN_START must report its run's first copy, not " + run;
        }
        if (previousRun != null && previousRun.endDownstream() >= run.startDownstream()) {
            return "previous run " + previousRun + " must end downstream before the run " + run + " starts";
        }
        return null;
    }

    /** The key: the source topic partition, in the layout described above. */
    public byte[] serializeKey() {
        byte[] topic = WireWriter.shortStringBytes(source.topic(), "source topic");
        ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES + Short.BYTES + topic.length + Integer.BYTES);
        buffer.putShort(VERSION);
        WireWriter.putShortString(buffer, topic);
        buffer.putInt(source.partition());
        return buffer.array();
    }

    /** The value, in the layout described above. */
    public byte[] serializeValue() {
        ByteBuffer buffer = ByteBuffer.allocate(VALUE_SIZE_V1);
        buffer.putShort(VERSION);
        buffer.put(kind.code());
        putSpan(buffer, run);
        if (previousRun == null) {
            for (int i = 0; i < 4; i++) {
                buffer.putLong(NONE);
            }
        } else {
            putSpan(buffer, previousRun);
        }
        buffer.putLong(timestampMs);
        return buffer.array();
    }

    private static void putSpan(ByteBuffer buffer, RunSpan span) {
        buffer.putLong(span.startUpstream());
        buffer.putLong(span.startDownstream());
        buffer.putLong(span.endUpstream());
        buffer.putLong(span.endDownstream());
    }

    /**
     * Reads a sync written by {@link #serializeKey()} and {@link #serializeValue()} of this release, an
     * older one, or a newer one writing the same version.
     *
     * @throws WireFormatException naming what is wrong, if the record is null, truncated, of a newer
     *                             version, foreign, or describes an impossible sync
     */
    public static OffsetSync deserialize(byte[] key, byte[] value) {
        WireReader keyReader = WireReader.open("offset sync key", key, VERSION);
        String topic = keyReader.readShortString("source topic");
        if (topic.isEmpty()) {
            throw keyReader.error("source topic is empty");
        }
        int partition = keyReader.readInt("source partition");
        String what = "offset sync for " + topic + "-" + partition;

        WireReader valueReader = WireReader.open("offset sync value", value, VERSION);
        byte code = valueReader.readByte("kind");
        Kind kind = Kind.ofCode(code);
        if (kind == null) {
            throw valueReader.error("unknown kind code " + code);
        }
        RunSpan run = readSpan(valueReader, "run", what);
        if (run == null) {
            throw new WireFormatException(what + ": the run is missing");
        }
        RunSpan previousRun = readSpan(valueReader, "previousRun", what);
        long timestampMs = valueReader.readLong("timestampMs");
        // Bytes after this point are fields appended by a later release of version 1: ignored by design.
        String problem = inconsistency(partition, kind, run, previousRun);
        if (problem != null) {
            throw new WireFormatException(what + ": " + problem);
        }
        return new OffsetSync(new TopicPartition(topic, partition), kind, run, previousRun, timestampMs);
    }

    /** @return the span, or {@code null} if all four fields are -1 */
    private static RunSpan readSpan(WireReader reader, String field, String what) {
        long startUpstream = reader.readLong(field + ".startUpstream");
        long startDownstream = reader.readLong(field + ".startDownstream");
        long endUpstream = reader.readLong(field + ".endUpstream");
        long endDownstream = reader.readLong(field + ".endDownstream");
        if (startUpstream == NONE && startDownstream == NONE && endUpstream == NONE && endDownstream == NONE) {
            return null;
        }
        String problem = RunSpan.inconsistency(startUpstream, startDownstream, endUpstream, endDownstream);
        if (problem != null) {
            throw new WireFormatException(what + ": " + field + ": " + problem);
        }
        return new RunSpan(startUpstream, startDownstream, endUpstream, endDownstream);
    }
}
