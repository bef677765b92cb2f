package dev.ferry.common.wire;

import java.nio.ByteBuffer;

/**
 * What continuous verification found, so far, for one source topic of a flow: how many replicated records were
 * sampled and compared with their copy on the target (found through the offset syncs), how many differed, and
 * where the latest difference was. Published by the checkpoint connector's verifying task every few seconds to a
 * compacted topic on the target cluster, so every worker's monitoring extension can serve it. Carries offsets
 * only, never record contents.
 *
 * <p>Counters are cumulative since {@code startedAtMs} (the verifying task's start); a new start time is a reset.
 *
 * <h2>Wire format</h2>
 * Big-endian ({@link ByteBuffer} order). Key, version 1 (one key per checkpoint connector and source topic):
 * <pre>
 *  bytes  field
 *  2      key format version (short) = 1
 *  2+c    connector name: short length, UTF-8 (the checkpoint connector that verifies)
 *  2+n    source topic: short length, UTF-8
 * </pre>
 * Value, version 1 (offsets and times are -1 when there is no mismatch yet):
 * <pre>
 *  bytes  field
 *  2      value format version (short) = 1
 *  2+s    sourceAlias: short length, UTF-8
 *  2+t    targetAlias: short length, UTF-8
 *  2+r    remoteTopic: short length, UTF-8
 *  8      reportedAtMs
 *  8      startedAtMs
 *  8      samplesChecked: records compared with their copy (&gt;= 0)
 *  8      mismatches: compared records whose copy differed or was missing (&lt;= samplesChecked)
 *  4      lastMismatch.partition: source (and target) partition, or -1
 *  8      lastMismatch.sourceOffset
 *  8      lastMismatch.targetOffset: where the offset syncs said the copy is
 *  8      lastMismatch.detectedAtMs
 *  4      lastMismatch.fields: bit set of {@link #KEY}, {@link #VALUE}, {@link #HEADERS}, {@link #TIMESTAMP}, {@link #MISSING}
 * </pre>
 * <b>Compatibility rule</b> (as for {@link OffsetSync}): a version only ever grows by appending fields that
 * readers may ignore; anything else is a new version, which older readers reject by name.
 *
 * @param connector      the verifying checkpoint connector's name
 * @param topic          the source topic
 * @param sourceAlias    the source cluster's alias
 * @param targetAlias    the target cluster's alias
 * @param remoteTopic    the topic's name on the target
 * @param reportedAtMs   wall-clock time of this report
 * @param startedAtMs    when the counters started from 0
 * @param samplesChecked records compared with their copy
 * @param mismatches     of those, the ones whose copy differed or was missing
 * @param lastMismatch   the latest mismatch, or {@code null} if there was none
 */
public record VerificationResult(String connector, String topic, String sourceAlias, String targetAlias, String remoteTopic,
                                 long reportedAtMs, long startedAtMs, long samplesChecked, long mismatches,
                                 Mismatch lastMismatch) {

    /** The key and value format version this class writes and the newest it reads. */
    public static final short VERSION = 1;

    /** Mismatch field bits. */
    public static final int KEY = 1;
    public static final int VALUE = 2;
    public static final int HEADERS = 4;
    public static final int TIMESTAMP = 8;
    /** No record at the target offset the offset syncs named. */
    public static final int MISSING = 16;
    private static final int ALL_FIELDS = KEY | VALUE | HEADERS | TIMESTAMP | MISSING;

    /**
     * Where one sampled record and its supposed copy differed.
     *
     * @param partition    the source partition (the copy is in the same partition number on the target)
     * @param sourceOffset the sampled record's offset on the source
     * @param targetOffset the offset the offset syncs gave for its copy on the target
     * @param detectedAtMs when the difference was found
     * @param fields       what differed: a bit set of {@link #KEY}, {@link #VALUE}, {@link #HEADERS}, {@link #TIMESTAMP},
     *                     {@link #MISSING}; never 0
     */
    public record Mismatch(int partition, long sourceOffset, long targetOffset, long detectedAtMs, int fields) {

        public Mismatch {
            if (partition < 0 || sourceOffset < 0 || targetOffset < 0) {
                throw new IllegalArgumentException("mismatch partition " + partition + ", source offset " + sourceOffset
                    + " and target offset " + targetOffset + " must not be negative");
            }
            if (fields == 0 || (fields & ~ALL_FIELDS) != 0) {
                throw new IllegalArgumentException("mismatch fields " + fields + " must be a non-empty set of the known bits");
            }
        }

        /** The names of what differed, e.g. "key,value". */
        public String fieldNames() {
            StringBuilder names = new StringBuilder();
            append(names, fields, KEY, "key");
            append(names, fields, VALUE, "value");
            append(names, fields, HEADERS, "headers");
            append(names, fields, TIMESTAMP, "timestamp");
            append(names, fields, MISSING, "missing");
            return names.toString();
        }

        private static void append(StringBuilder names, int fields, int bit, String name) {
            if ((fields & bit) != 0) {
                names.append(names.isEmpty() ? "" : ",").append(name);
            }
        }
    }

    /**
     * @throws IllegalArgumentException if a field is missing or out of range
     */
    public VerificationResult {
        if (connector == null || topic == null || sourceAlias == null || targetAlias == null || remoteTopic == null) {
            throw new IllegalArgumentException("connector, topic, aliases and remote topic are required");
        }
        String problem = inconsistency(connector, topic, samplesChecked, mismatches, lastMismatch);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid verification result of connector '" + connector + "' for topic '" + topic
                + "': " + problem);
        }
    }

    private static String inconsistency(String connector, String topic, long samplesChecked, long mismatches, Mismatch lastMismatch) {
        if (connector.isEmpty() || topic.isEmpty()) {
            return "connector name and topic must not be empty";
        }
        if (samplesChecked < 0 || mismatches < 0 || mismatches > samplesChecked) {
            return "need 0 <= mismatches (" + mismatches + ") <= samplesChecked (" + samplesChecked + ")";
        }
        if ((mismatches > 0) != (lastMismatch != null)) {
            return "a last mismatch is given exactly when there are mismatches (" + mismatches + ")";
        }
        return null;
    }

    public byte[] serializeKey() {
        byte[] name = WireWriter.shortStringBytes(connector, "connector name");
        byte[] topicName = WireWriter.shortStringBytes(topic, "source topic");
        ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES * 3 + name.length + topicName.length);
        buffer.putShort(VERSION);
        WireWriter.putShortString(buffer, name);
        WireWriter.putShortString(buffer, topicName);
        return buffer.array();
    }

    public byte[] serializeValue() {
        byte[] sourceName = WireWriter.shortStringBytes(sourceAlias, "source alias");
        byte[] targetName = WireWriter.shortStringBytes(targetAlias, "target alias");
        byte[] remote = WireWriter.shortStringBytes(remoteTopic, "remote topic");
        ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES * 4 + sourceName.length + targetName.length + remote.length
            + 7 * Long.BYTES + 2 * Integer.BYTES);
        buffer.putShort(VERSION);
        WireWriter.putShortString(buffer, sourceName);
        WireWriter.putShortString(buffer, targetName);
        WireWriter.putShortString(buffer, remote);
        buffer.putLong(reportedAtMs);
        buffer.putLong(startedAtMs);
        buffer.putLong(samplesChecked);
        buffer.putLong(mismatches);
        buffer.putInt(lastMismatch == null ? -1 : lastMismatch.partition());
        buffer.putLong(lastMismatch == null ? -1 : lastMismatch.sourceOffset());
        buffer.putLong(lastMismatch == null ? -1 : lastMismatch.targetOffset());
        buffer.putLong(lastMismatch == null ? -1 : lastMismatch.detectedAtMs());
        buffer.putInt(lastMismatch == null ? 0 : lastMismatch.fields());
        return buffer.array();
    }

    /**
     * Reads a result written by {@link #serializeKey()} and {@link #serializeValue()}.
     *
     * @throws WireFormatException naming what is wrong, if the record is null, truncated, of a newer version,
     *                             foreign, or out of range
     */
    public static VerificationResult deserialize(byte[] key, byte[] value) {
        WireReader keyReader = WireReader.open("verification key", key, VERSION);
        String connector = keyReader.readShortString("connector name");
        String topic = keyReader.readShortString("source topic");

        WireReader valueReader = WireReader.open("verification value", value, VERSION);
        String sourceAlias = valueReader.readShortString("source alias");
        String targetAlias = valueReader.readShortString("target alias");
        String remoteTopic = valueReader.readShortString("remote topic");
        long reportedAtMs = valueReader.readLong("reportedAtMs");
        long startedAtMs = valueReader.readLong("startedAtMs");
        long samplesChecked = valueReader.readLong("samplesChecked");
        long mismatches = valueReader.readLong("mismatches");
        int partition = valueReader.readInt("lastMismatch.partition");
        long sourceOffset = valueReader.readLong("lastMismatch.sourceOffset");
        long targetOffset = valueReader.readLong("lastMismatch.targetOffset");
        long detectedAtMs = valueReader.readLong("lastMismatch.detectedAtMs");
        int fields = valueReader.readInt("lastMismatch.fields");
        // Bytes after this point are fields appended by a later release of version 1: ignored by design.
        Mismatch last;
        try {
            last = mismatches == 0 ? null : new Mismatch(partition, sourceOffset, targetOffset, detectedAtMs, fields);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("verification of connector '" + connector + "' for topic '" + topic + "': " + e.getMessage());
        }
        String problem = inconsistency(connector, topic, samplesChecked, mismatches, last);
        if (problem != null) {
            throw new WireFormatException("verification of connector '" + connector + "' for topic '" + topic + "': " + problem);
        }
        return new VerificationResult(connector, topic, sourceAlias, targetAlias, remoteTopic, reportedAtMs, startedAtMs,
            samplesChecked, mismatches, last);
    }
}
