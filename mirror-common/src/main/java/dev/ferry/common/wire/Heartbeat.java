package dev.ferry.common.wire;

import java.nio.ByteBuffer;

/**
 * A heartbeat written into a source cluster by the heartbeat connector, once a second by default. The
 * mirror copies its topic like any other, so on the target its replication latency and record age give
 * end-to-end latency and liveness of the cluster pair even when no other traffic flows. The record's
 * timestamp is also the emit time.
 *
 * <h2>Wire format</h2>
 * Big-endian ({@link ByteBuffer} order). Key, version 1 (one key per source cluster, so a compacted
 * heartbeats topic keeps the latest of each):
 * <pre>
 *  bytes  field
 *  2      key format version (short) = 1
 *  2      source alias length a in UTF-8 bytes (short, 1..32767)
 *  a      source alias, UTF-8
 * </pre>
 * Value, version 1:
 * <pre>
 *  bytes  field
 *  2      value format version (short) = 1
 *  2      source alias length a (short)
 *  a      source alias, UTF-8
 *  8      emittedAtMs: wall-clock time the heartbeat was written (&gt;= 0)
 * </pre>
 * <b>Compatibility rule</b> (as for {@link OffsetSync}): a version only ever grows by appending fields
 * that readers may ignore; anything else is a new version, which older readers reject by name.
 *
 * @param sourceAlias the alias of the cluster the heartbeat was written to
 * @param emittedAtMs wall-clock time the heartbeat was written
 */
public record Heartbeat(String sourceAlias, long emittedAtMs) {

    /** The key and value format version this class writes and the newest it reads. */
    public static final short VERSION = 1;

    /**
     * @throws IllegalArgumentException if the alias is missing or empty, or the time negative
     */
    public Heartbeat {
        if (sourceAlias == null || sourceAlias.isEmpty()) {
            throw new IllegalArgumentException("a heartbeat needs a source alias");
        }
        if (emittedAtMs < 0) {
            throw new IllegalArgumentException("heartbeat emit time " + emittedAtMs + " must not be negative");
        }
    }

    /** The key, in the layout described above. */
    public byte[] serializeKey() {
        byte[] alias = WireWriter.shortStringBytes(sourceAlias, "source alias");
        ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES * 2 + alias.length);
        buffer.putShort(VERSION);
        WireWriter.putShortString(buffer, alias);
        return buffer.array();
    }

    /** The value, in the layout described above. */
    public byte[] serializeValue() {
        byte[] alias = WireWriter.shortStringBytes(sourceAlias, "source alias");
        ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES * 2 + alias.length + Long.BYTES);
        buffer.putShort(VERSION);
        WireWriter.putShortString(buffer, alias);
        buffer.putLong(emittedAtMs);
        return buffer.array();
    }

    /**
     * Reads a heartbeat written by {@link #serializeKey()} and {@link #serializeValue()} (the key is only
     * checked for its version: the value carries the alias too).
     *
     * @throws WireFormatException naming what is wrong, if the record is null, truncated, of a newer
     *                             version, foreign, or out of range
     */
    public static Heartbeat deserialize(byte[] key, byte[] value) {
        WireReader keyReader = WireReader.open("heartbeat key", key, VERSION);
        String keyAlias = keyReader.readShortString("source alias");
        WireReader valueReader = WireReader.open("heartbeat value", value, VERSION);
        String alias = valueReader.readShortString("source alias");
        long emittedAtMs = valueReader.readLong("emittedAtMs");
        if (alias.isEmpty() || !alias.equals(keyAlias)) {
            throw new WireFormatException("heartbeat value names source alias '" + alias + "' but its key '" + keyAlias + "'");
        }
        if (emittedAtMs < 0) {
            throw new WireFormatException("heartbeat of '" + alias + "' has negative emit time " + emittedAtMs);
        }
        return new Heartbeat(alias, emittedAtMs);
    }
}
