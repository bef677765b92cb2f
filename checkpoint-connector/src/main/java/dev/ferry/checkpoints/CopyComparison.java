package dev.ferry.checkpoints;

import dev.ferry.common.Provenance;
import dev.ferry.common.wire.VerificationResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares a source record with its copy on the target as the mirror makes copies: same key, value, headers and
 * timestamp. The one allowed difference is the provenance header ({@link Provenance#HEADER}) the mirror appends
 * when remote names carry no lineage and the source record has none.
 */
final class CopyComparison {

    private CopyComparison() {
    }

    /**
     * @return the fields that differ, as {@link VerificationResult} bits; 0 when the copy is faithful
     */
    static int differences(ConsumerRecord<byte[], byte[]> source, ConsumerRecord<byte[], byte[]> copy) {
        int fields = 0;
        if (!Arrays.equals(source.key(), copy.key())) {
            fields |= VerificationResult.KEY;
        }
        if (!Arrays.equals(source.value(), copy.value())) {
            fields |= VerificationResult.VALUE;
        }
        if (!sameHeaders(source.headers(), copy.headers())) {
            fields |= VerificationResult.HEADERS;
        }
        if (source.timestamp() != copy.timestamp()) {
            fields |= VerificationResult.TIMESTAMP;
        }
        return fields;
    }

    private static boolean sameHeaders(Headers source, Headers copy) {
        List<Header> expected = list(source);
        List<Header> actual = list(copy);
        if (Provenance.originOf(source) == null && !actual.isEmpty()
            && Provenance.HEADER.equals(actual.get(actual.size() - 1).key())) {
            actual.remove(actual.size() - 1); // stamped by the mirror, which appends it last
        }
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).key().equals(actual.get(i).key()) || !Arrays.equals(expected.get(i).value(), actual.get(i).value())) {
                return false;
            }
        }
        return true;
    }

    private static List<Header> list(Headers headers) {
        List<Header> list = new ArrayList<>();
        headers.forEach(list::add);
        return list;
    }
}
