package dev.ferry.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic generator of oracle records: given (run, topic, partition, seq) it always returns
 * the same {@link ExpectedRecord}, so a checker can regenerate what the producer sent instead of
 * remembering it.
 *
 * <p>Shape of record {@code seq} (the rules exist to exercise the edge cases a mirror must keep):
 * <ul>
 *   <li>key: null when {@code seq % 7 == 3}; otherwise {@code "key-<seq>"} followed by the bytes
 *       0x00, 0xFF and one more byte, so keys are not valid UTF-8;</li>
 *   <li>value: null (a tombstone) when {@code seq % 11 == 5}; otherwise the identity string
 *       {@code run/topic/partition/seq} followed by {@link #payloadBytes()} pseudo-random bytes seeded
 *       from the identity;</li>
 *   <li>headers, in this order: {@value #ID_HEADER} = identity (UTF-8); {@value #BINARY_HEADER} =
 *       binary bytes; {@value #NULL_HEADER} = null; and when {@code seq % 4 == 2} a second
 *       {@value #BINARY_HEADER} with a different value (a repeated key, after another key);</li>
 *   <li>timestamp: {@link #baseTimestamp(String)} of the run + {@code 3 * seq}, so timestamps are
 *       distinct, increasing and never "now".</li>
 * </ul>
 *
 * <p>Timestamps must be recent (the broker rejects records more than an hour ahead, and time-based
 * retention deletes records older than a week within seconds of the first retention check), yet
 * reproducible by the checker from the run name alone. The base is therefore this JVM's class-load
 * time (to the minute) minus two hours, plus a per-run offset under one hour: fixed for a run within
 * a JVM, which is where both producing and checking happen. Up to about 2.4 million records per
 * partition stay below the broker's future-timestamp limit.
 */
public final class OracleRecords {

    /** Header carrying {@code run/topic/partition/seq}. */
    public static final String ID_HEADER = "oracle.id";
    /** Header with a binary value; repeated on some records. */
    public static final String BINARY_HEADER = "oracle.bin";
    /** Header whose value is null. */
    public static final String NULL_HEADER = "oracle.null";
    /** Pseudo-random bytes after the identity in each non-null value, unless configured otherwise. */
    public static final int DEFAULT_PAYLOAD_BYTES = 100;

    private static final long HOUR_MS = 3_600_000L;
    private static final long TIMESTAMP_ANCHOR = System.currentTimeMillis() / 60_000L * 60_000L - 2 * HOUR_MS;
    private static final OracleRecords STANDARD = new OracleRecords(DEFAULT_PAYLOAD_BYTES);

    private final int payloadBytes;

    private OracleRecords(int payloadBytes) {
        if (payloadBytes < 0) {
            throw new IllegalArgumentException("payloadBytes must be >= 0: " + payloadBytes);
        }
        this.payloadBytes = payloadBytes;
    }

    /** @return the generator with {@value #DEFAULT_PAYLOAD_BYTES} payload bytes per value */
    public static OracleRecords standard() {
        return STANDARD;
    }

    /**
     * @param payloadBytes pseudo-random bytes after the identity in each non-null value, &ge; 0
     * @return a generator producing values of that payload size
     */
    public static OracleRecords withPayloadBytes(int payloadBytes) {
        return payloadBytes == DEFAULT_PAYLOAD_BYTES ? STANDARD : new OracleRecords(payloadBytes);
    }

    /** Record {@code seq} of (run, topic, partition) from the {@link #standard()} generator. */
    public static ExpectedRecord record(String run, String topic, int partition, long seq) {
        return STANDARD.generate(new OracleId(run, topic, partition, seq));
    }

    /** @return pseudo-random bytes after the identity in each non-null value */
    public int payloadBytes() {
        return payloadBytes;
    }

    /** Record {@code seq} of (run, topic, partition) from this generator. */
    public ExpectedRecord generate(String run, String topic, int partition, long seq) {
        return generate(new OracleId(run, topic, partition, seq));
    }

    /** @return the record with this identity; equal ids always give equal records */
    public ExpectedRecord generate(OracleId id) {
        long seq = id.seq();
        byte[] identity = id.toBytes();
        return new ExpectedRecord(id, hasNullKey(seq) ? null : key(seq), isTombstone(seq) ? null : value(identity),
                headers(identity, seq), baseTimestamp(id.run()) + 3 * seq);
    }

    /** @return whether record {@code seq} has a null key */
    public static boolean hasNullKey(long seq) {
        return seq % 7 == 3;
    }

    /** @return whether record {@code seq} has a null value */
    public static boolean isTombstone(long seq) {
        return seq % 11 == 5;
    }

    /** @return whether record {@code seq} carries {@value #BINARY_HEADER} twice */
    public static boolean hasRepeatedHeader(long seq) {
        return seq % 4 == 2;
    }

    /** @return the timestamp of seq 0 of this run; see the class comment for why it is per JVM */
    public static long baseTimestamp(String run) {
        return TIMESTAMP_ANCHOR + Math.floorMod(fnv1a(run.getBytes(StandardCharsets.UTF_8)), HOUR_MS);
    }

    private static byte[] key(long seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("key-" + seq).getBytes(StandardCharsets.US_ASCII));
        out.write(0x00);
        out.write(0xFF);
        out.write((int) (seq * 31));
        return out.toByteArray();
    }

    private byte[] value(byte[] identity) {
        byte[] value = new byte[identity.length + payloadBytes];
        System.arraycopy(identity, 0, value, 0, identity.length);
        SplitMix64 random = new SplitMix64(fnv1a(identity));
        for (int i = identity.length; i < value.length; i++) {
            value[i] = random.nextByte();
        }
        return value;
    }

    private static List<OracleHeader> headers(byte[] identity, long seq) {
        List<OracleHeader> headers = new ArrayList<>(4);
        headers.add(new OracleHeader(ID_HEADER, identity));
        long mixed = new SplitMix64(~fnv1a(identity)).nextLong();
        headers.add(new OracleHeader(BINARY_HEADER, new byte[] {
            (byte) (mixed >>> 56), (byte) (mixed >>> 48), 0x00, (byte) 0xFF, (byte) mixed, (byte) seq }));
        headers.add(new OracleHeader(NULL_HEADER, null));
        if (hasRepeatedHeader(seq)) {
            headers.add(new OracleHeader(BINARY_HEADER, new byte[] {(byte) 0xFE, 0x00, (byte) (seq >>> 8), (byte) seq}));
        }
        return headers;
    }

    /** 64-bit FNV-1a: a fixed, JDK-independent hash for seeds. */
    private static long fnv1a(byte[] bytes) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /**
     * SplitMix64, written out here rather than using {@code java.util.SplittableRandom} so the byte
     * stream can never change with the JDK.
     */
    private static final class SplitMix64 {
        private long state;
        private long buffer;
        private int buffered;

        SplitMix64(long seed) {
            this.state = seed;
        }

        long nextLong() {
            long z = (state += 0x9e3779b97f4a7c15L);
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        byte nextByte() {
            if (buffered == 0) {
                buffer = nextLong();
                buffered = 8;
            }
            byte b = (byte) buffer;
            buffer >>>= 8;
            buffered--;
            return b;
        }
    }
}
