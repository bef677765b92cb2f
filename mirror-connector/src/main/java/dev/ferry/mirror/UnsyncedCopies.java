package dev.ferry.mirror;

import dev.ferry.common.wire.RunSpan;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.record.TimestampType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Finds where the copies that a task committed but never described in an offset sync are on the target, so that
 * its successor can write those syncs.
 *
 * <p>Exactly once, Connect commits copies and their source offsets in one transaction and tells the task about
 * the copies only afterwards; a task killed in between leaves copies that no sync describes, and its successor must
 * not copy them again (that would duplicate them). Consumer offsets among them could then only be translated
 * conservatively. The copies are on the target, though, right after the last copy the syncs describe: the
 * successor reads the source records after the newest sync's upstream end up to the committed offset, and the
 * committed records of the remote partition after its downstream end. If the source records the task copies pair
 * one to one, in order, with the first of those (same key, value and, where the target keeps the producer's,
 * timestamp), each pair is a copy at a known downstream offset. Anything else (other writers, records dropped or changed on the way, a
 * read that did not finish) recovers nothing: translation stays conservative, never wrong.
 */
final class UnsyncedCopies {

    /** A copy found: {@code upstream} of the source partition is at {@code downstream} of the remote partition. */
    record Copy(long upstream, long downstream) {
    }

    /** What a search found: the copies, or why none could be paired. */
    record Found(List<Copy> copies, String unpaired) {

        static Found none(String why) {
            return new Found(List.of(), why);
        }

        boolean paired() {
            return unpaired == null;
        }
    }

    private static final Duration MAX_POLL = Duration.ofMillis(200);

    private UnsyncedCopies() {
    }

    /**
     * Reads both logs and pairs their records.
     *
     * @param sourceReader    a consumer of the source cluster with the task's isolation level; assigned here
     * @param targetReader    a read_committed consumer of the target cluster; assigned here
     * @param source          the source partition
     * @param remote          its remote partition
     * @param lastSynced      the newest run the offset syncs describe
     * @param committed       the upstream offset of the last committed copy
     * @param copied          which source records the task copies (the others are never on the target)
     * @param maxRecords      the most records to read from either log
     * @param timeout         how long both reads may take together
     * @throws org.apache.kafka.common.errors.AuthorizationException if either read is denied
     */
    static Found find(Consumer<byte[], byte[]> sourceReader, Consumer<byte[], byte[]> targetReader, TopicPartition source,
                      TopicPartition remote, RunSpan lastSynced, long committed, Predicate<ConsumerRecord<byte[], byte[]>> copied,
                      int maxRecords, Duration timeout) {
        try {
            return readAndPair(sourceReader, targetReader, source, remote, lastSynced, committed, copied, maxRecords, timeout);
        } catch (TimeoutException e) {
            return Found.none("reading the records timed out (" + e.getMessage() + ")");
        }
    }

    private static Found readAndPair(Consumer<byte[], byte[]> sourceReader, Consumer<byte[], byte[]> targetReader,
                                     TopicPartition source, TopicPartition remote, RunSpan lastSynced, long committed,
                                     Predicate<ConsumerRecord<byte[], byte[]>> copied, int maxRecords, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sourceFrom = lastSynced.endUpstream() + 1;
        if (committed - sourceFrom + 1 > maxRecords) {
            return Found.none("more than " + maxRecords + " records after the last synced copy");
        }
        List<ConsumerRecord<byte[], byte[]>> upstream = read(sourceReader, source, sourceFrom, committed + 1, Integer.MAX_VALUE, maxRecords,
            deadline);
        if (upstream == null) {
            return Found.none("reading source offsets " + sourceFrom + ".." + committed + " did not finish within " + timeout.toMillis() + " ms");
        }
        List<ConsumerRecord<byte[], byte[]>> expected = upstream.stream().filter(copied).toList();
        Long targetEnd = endOffset(targetReader, remote, deadline);
        if (targetEnd == null) {
            return Found.none("the end of " + remote + " on the target is unknown");
        }
        List<ConsumerRecord<byte[], byte[]>> downstream = read(targetReader, remote, lastSynced.endDownstream() + 1, targetEnd,
            expected.size(), maxRecords, deadline);
        if (downstream == null) {
            return Found.none("reading " + remote + " from offset " + (lastSynced.endDownstream() + 1) + " did not finish within "
                + timeout.toMillis() + " ms");
        }
        return pair(expected, downstream);
    }

    /**
     * Pairs the records the task copied with the first records on the target after the last synced copy, in order;
     * each must have its counterpart. Target records after those are left alone: at least once, they are copies the
     * predecessor made after its last offset commit, which its successor copies again.
     */
    static Found pair(List<ConsumerRecord<byte[], byte[]>> expected, List<ConsumerRecord<byte[], byte[]>> downstream) {
        if (downstream.size() < expected.size()) {
            return Found.none(expected.size() + " source record(s) copied but only " + downstream.size() + " committed on the target");
        }
        List<Copy> copies = new ArrayList<>(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            ConsumerRecord<byte[], byte[]> original = expected.get(i);
            ConsumerRecord<byte[], byte[]> copy = downstream.get(i);
            if (!sameContent(original, copy)) {
                return Found.none("source offset " + original.offset() + " differs from target offset " + copy.offset());
            }
            copies.add(new Copy(original.offset(), copy.offset()));
        }
        return new Found(copies, null);
    }

    private static boolean sameContent(ConsumerRecord<byte[], byte[]> original, ConsumerRecord<byte[], byte[]> copy) {
        // a topic with LogAppendTime stamps copies with the target broker's clock
        boolean timestampKept = copy.timestampType() != TimestampType.CREATE_TIME || original.timestamp() == copy.timestamp();
        return timestampKept && Arrays.equals(original.key(), copy.key()) && Arrays.equals(original.value(), copy.value());
    }

    /**
     * The records of {@code tp} from {@code from} up to before {@code until}, or the first {@code enough} of them;
     * null if that took past the deadline or more than {@code maxRecords}.
     */
    private static List<ConsumerRecord<byte[], byte[]>> read(Consumer<byte[], byte[]> reader, TopicPartition tp, long from,
                                                            long until, int enough, int maxRecords, long deadline) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        if (from >= until || enough == 0) {
            return records;
        }
        reader.assign(List.of(tp));
        reader.seek(tp, from);
        while (true) {
            Duration left = remaining(deadline);
            if (left.isZero() || records.size() > maxRecords) {
                return null;
            }
            if (records.size() >= enough || reader.position(tp, left) >= until) {
                return records.size() > enough ? records.subList(0, enough) : records;
            }
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(left.compareTo(MAX_POLL) < 0 ? left : MAX_POLL)) {
                if (record.offset() < until) {
                    records.add(record);
                }
            }
        }
    }

    private static Long endOffset(Consumer<byte[], byte[]> reader, TopicPartition tp, long deadline) {
        Map<TopicPartition, Long> ends = reader.endOffsets(List.of(tp), remaining(deadline));
        return ends == null ? null : ends.get(tp);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
