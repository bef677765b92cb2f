package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OffsetSyncReaderTest {

    private static final TopicPartition SOURCE = new TopicPartition("orders", 2);
    private static final TopicPartition SYNCS = new TopicPartition("ferry.offset-syncs", 0);

    @Test
    void appliesSyncsAndCountsWhatItSkips() {
        OffsetSync start = OffsetSync.runStart(SOURCE, 0, 0, null, 1);
        OffsetSync progress = OffsetSync.progress(SOURCE, new RunSpan(0, 0, 9, 9), null, 2);
        byte[] newer = progress.serializeValue();
        ByteBuffer.wrap(newer).putShort((short) 9);
        // A sync that lies about its run start: it must not reach the store.
        byte[] wrongRun = progress.serializeValue();
        ByteBuffer.wrap(wrongRun).putLong(3 + 3 * Long.BYTES, 500);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(record(records, start.serializeKey(), start.serializeValue()));
        records.add(record(records, null, null));                                     // tombstone without key
        records.add(record(records, start.serializeKey(), newer));                    // newer version
        records.add(record(records, "k".getBytes(), "MirrorMaker".getBytes()));       // foreign
        records.add(record(records, progress.serializeKey(), wrongRun));
        records.add(record(records, progress.serializeKey(), progress.serializeValue()));

        OffsetSyncStore store = new OffsetSyncStore();
        OffsetSyncReader reader = new OffsetSyncReader(store);
        reader.addAll(new ConsumerRecords<>(Map.of(SYNCS, records), Map.of()));

        assertEquals(2, reader.applied());
        assertEquals(4, reader.skipped());
        Translation answer = new OffsetTranslator(store).translate(SOURCE, 10);
        assertEquals(TranslationKind.EXACT, answer.kind());
        assertEquals(10, answer.downstream());
    }

    private static ConsumerRecord<byte[], byte[]> record(List<?> before, byte[] key, byte[] value) {
        return new ConsumerRecord<>(SYNCS.topic(), SYNCS.partition(), before.size(), key, value);
    }
}
