package dev.ferry.it;

import dev.ferry.testkit.OracleId;
import dev.ferry.testkit.OracleRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.util.Arrays;
import java.util.List;

/**
 * For one remote partition, which target offsets a consumer that committed upstream offset {@code c} may
 * resume from re-reading nothing (no copy of a record before c at or after T) and skipping nothing (some copy
 * of every record from c on at or after T), by oracle record identity over a snapshot of the copies.
 */
final class ResumeCheck {

    /** Highest offset of a copy of a record before c, or -1, for c = 0..end. */
    private final long[] lastBelow;
    /** Lowest, over the records from c on, of the offset of their last copy, for c = 0..end. */
    private final long[] firstNeeded;

    /**
     * @param copies   the remote partition's records (any partition's records are ignored but this one)
     * @param partition the partition
     * @param produced how many records the oracle producer wrote to the source partition
     */
    ResumeCheck(List<ConsumerRecord<byte[], byte[]>> copies, int partition, long produced) {
        int end = Math.toIntExact(produced);
        long[] lastCopyOf = new long[end];
        Arrays.fill(lastCopyOf, -1);
        for (ConsumerRecord<byte[], byte[]> copy : copies) {
            if (copy.partition() == partition) {
                Header id = copy.headers().lastHeader(OracleRecords.ID_HEADER);
                int upstream = (int) OracleId.parse(id.value()).orElseThrow().seq();
                if (upstream < end) {
                    lastCopyOf[upstream] = Math.max(lastCopyOf[upstream], copy.offset());
                }
            }
        }
        lastBelow = new long[end + 1];
        firstNeeded = new long[end + 1];
        lastBelow[0] = -1;
        for (int c = 1; c <= end; c++) {
            lastBelow[c] = Math.max(lastBelow[c - 1], lastCopyOf[c - 1]);
        }
        firstNeeded[end] = Long.MAX_VALUE;
        for (int c = end - 1; c >= 0; c--) {
            firstNeeded[c] = Math.min(firstNeeded[c + 1], lastCopyOf[c]);
        }
    }

    /** @return null if resuming at {@code t} after committing {@code c} re-reads and skips nothing, else why not */
    String problem(long c, long t) {
        if (c < 0 || c >= lastBelow.length) {
            return "committed offset " + c + " outside the produced range [0, " + (lastBelow.length - 1) + "]";
        }
        if (t <= lastBelow[(int) c]) {
            return "T=" + t + " re-reads the copy at " + lastBelow[(int) c] + " of a record before c=" + c;
        }
        if (firstNeeded[(int) c] >= 0 && t > firstNeeded[(int) c]) {
            return "T=" + t + " skips the copy at " + firstNeeded[(int) c] + " of a record at or after c=" + c;
        }
        if (firstNeeded[(int) c] < 0) {
            return "a record at or after c=" + c + " has no copy at all";
        }
        return null;
    }
}
