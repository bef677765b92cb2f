package dev.ferry.common.wire;

import org.apache.kafka.common.TopicPartition;

import java.nio.ByteBuffer;

/**
 * A consumer group's committed offset on the source cluster and its translation to the target:
 * what a checkpoint task publishes and what failover tooling reads.
 *
 * <h2>Wire format</h2>
 * Big-endian ({@link ByteBuffer} order). Key, version 1 (one key per group and source partition):
 * <pre>
 *  bytes  field
 *  2      key format version (short) = 1
 *  4      consumer group length g in UTF-8 bytes (int, &gt;= 0)
 *  g      consumer group, UTF-8
 *  2      topic length n in UTF-8 bytes (short, 1..32767)
 *  n      source topic, UTF-8
 *  4      source partition (int, &gt;= 0)
 * </pre>
 * Value, version 1:
 * <pre>
 *  bytes  field
 *  2      value format version (short) = 1
 *  1      translation kind, {@link TranslationKind#code()}
 *  8      upstreamOffset: the group's committed offset on the source (next record to read, &gt;= 0)
 *  8      downstreamOffset: the translation (&gt;= 0; -1 only for kinds without a downstream offset)
 *  8      timestampMs: wall-clock time the checkpoint was made
 *  4      metadata length m in UTF-8 bytes (int, &gt;= 0)
 *  m      the committed offset's metadata, UTF-8
 * </pre>
 * <b>Compatibility rule</b> (as for {@link OffsetSync}): a version only ever grows by appending fields
 * that readers may ignore, and readers skip bytes after the fields they know; anything else is a new
 * version, and readers reject versions newer than theirs with a {@link WireFormatException} saying so.
 *
 * @param consumerGroup    the consumer group id on the source cluster
 * @param source           the source topic partition
 * @param upstreamOffset   the group's committed offset on the source (the next record to read)
 * @param downstreamOffset the translated offset on the target, or -1 when the kind gives none
 * @param metadata         the committed offset's metadata (never null; absent metadata is "")
 * @param translation      how the offset was translated
 * @param timestampMs      wall-clock time the checkpoint was made
 */
public record Checkpoint(String consumerGroup, TopicPartition source, long upstreamOffset, long downstreamOffset,
                         String metadata, TranslationKind translation, long timestampMs) {

    /** The key and value format version this class writes and the newest it reads. */
    public static final short VERSION = 1;

    /**
     * @throws IllegalArgumentException if a field is missing or out of range
     */
    public Checkpoint {
        if (consumerGroup == null || source == null || translation == null) {
            throw new IllegalArgumentException("consumer group, source and translation kind are required");
        }
        metadata = metadata == null ? "" : metadata;
        String problem = inconsistency(source.partition(), upstreamOffset, downstreamOffset, translation);
        if (problem != null) {
            throw new IllegalArgumentException("Invalid checkpoint of group '" + consumerGroup + "' for " + source + ": " + problem);
        }
    }

    private static String inconsistency(int partition, long upstreamOffset, long downstreamOffset, TranslationKind translation) {
        if (partition < 0) {
            return "partition " + partition + " is negative";
        }
        if (upstreamOffset < 0) {
            return "upstream offset " + upstreamOffset + " is negative";
        }
        if (translation.hasDownstream() ? downstreamOffset < 0 : downstreamOffset != -1) {
            return "downstream offset " + downstreamOffset + " does not fit translation kind " + translation
                + (translation.hasDownstream() ? " (must be >= 0)" : " (must be -1)");
        }
        return null;
    }

    /** The key, in the layout described above. */
    public byte[] serializeKey() {
        byte[] group = WireWriter.utf8(consumerGroup);
        byte[] topic = WireWriter.shortStringBytes(source.topic(), "source topic");
        ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES + Integer.BYTES + group.length + Short.BYTES + topic.length + Integer.BYTES);
        buffer.putShort(VERSION);
        WireWriter.putIntString(buffer, group);
        WireWriter.putShortString(buffer, topic);
        buffer.putInt(source.partition());
        return buffer.array();
    }

    /** The value, in the layout described above. */
    public byte[] serializeValue() {
        byte[] meta = WireWriter.utf8(metadata);
        ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES + Byte.BYTES + 3 * Long.BYTES + Integer.BYTES + meta.length);
        buffer.putShort(VERSION);
        buffer.put(translation.code());
        buffer.putLong(upstreamOffset);
        buffer.putLong(downstreamOffset);
        buffer.putLong(timestampMs);
        WireWriter.putIntString(buffer, meta);
        return buffer.array();
    }

    /**
     * Reads a checkpoint written by {@link #serializeKey()} and {@link #serializeValue()}.
     *
     * @throws WireFormatException naming what is wrong, if the record is null, truncated, of a newer
     *                             version, foreign, or out of range
     */
    public static Checkpoint deserialize(byte[] key, byte[] value) {
        WireReader keyReader = WireReader.open("checkpoint key", key, VERSION);
        String group = keyReader.readIntString("consumer group");
        String topic = keyReader.readShortString("source topic");
        if (topic.isEmpty()) {
            throw keyReader.error("source topic is empty");
        }
        int partition = keyReader.readInt("source partition");

        WireReader valueReader = WireReader.open("checkpoint value", value, VERSION);
        byte code = valueReader.readByte("translation kind");
        TranslationKind translation = TranslationKind.ofCode(code);
        if (translation == null) {
            throw valueReader.error("unknown translation kind code " + code);
        }
        long upstreamOffset = valueReader.readLong("upstreamOffset");
        long downstreamOffset = valueReader.readLong("downstreamOffset");
        long timestampMs = valueReader.readLong("timestampMs");
        String metadata = valueReader.readIntString("metadata");
        // Bytes after this point are fields appended by a later release of version 1: ignored by design.
        String problem = inconsistency(partition, upstreamOffset, downstreamOffset, translation);
        if (problem != null) {
            throw new WireFormatException("checkpoint of group '" + group + "' for " + topic + "-" + partition + ": " + problem);
        }
        return new Checkpoint(group, new TopicPartition(topic, partition), upstreamOffset, downstreamOffset, metadata,
            translation, timestampMs);
    }
}
