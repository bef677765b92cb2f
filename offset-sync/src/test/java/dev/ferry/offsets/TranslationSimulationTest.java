package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the translator against brute force over random mirroring histories: random upstream logs
 * with gaps, copying by several task generations that restart (re-sending from the last committed
 * position, which leaves duplicates downstream) or are rewound, random downstream gaps, periodic
 * progress, and — depending on the mode — crashes that lose in-flight syncs, or arbitrary loss,
 * duplication and reordering of syncs. For every committed offset {@code c} from 0 to one past the log
 * end, the answer is compared with what the complete copy log allows.
 *
 * <p>Rerun one seed with {@code -Dferry.sim.seed=N}.
 */
class TranslationSimulationTest {

    private static final int SEEDS = 400;

    /** What happens to the syncs on their way to the store. */
    enum Mode {
        /** Tasks stop gracefully (final progress), no sync is lost: every answer must be the ideal one. */
        GRACEFUL,
        /**
         * Tasks sometimes crash, losing their final progress and their last in-flight syncs (those emitted
         * since the last offset commit); some syncs arrive twice.
         */
        CRASHES,
        /**
         * Like CRASHES, and any sync may be lost, duplicated or swapped with its neighbour: answers must
         * still never skip and conservative ones never be ahead, but "exact" may re-read.
         */
        LOSSY
    }

    private record Copy(long upstream, long downstream, int generation) {
    }

    /** A true run of the copy log, as brute force sees it. */
    private record TrueRun(long startUpstream, long startDownstream, long endUpstream, long endDownstream, boolean lastOfGeneration) {
    }

    /** One source partition's simulated history. */
    private static final class History {
        final TopicPartition source;
        final int logEnd;
        final List<Copy> copies = new ArrayList<>();
        final List<OffsetSync> syncs = new ArrayList<>();

        History(TopicPartition source, int logEnd) {
            this.source = source;
            this.logEnd = logEnd;
        }
    }

    private final Map<TranslationKind, Integer> kindsSeen = new EnumMap<>(TranslationKind.class);
    private long translations;
    private long exactInLossyModes;
    private long answersInLossyModes;

    @Test
    void translationsMatchBruteForceOverRandomHistories() {
        String only = System.getProperty("ferry.sim.seed");
        long from = only == null ? 0 : Long.parseLong(only);
        long to = only == null ? SEEDS : from + 1;
        for (long seed = from; seed < to; seed++) {
            for (Mode mode : Mode.values()) {
                try {
                    simulate(seed, mode);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError("seed " + seed + " (rerun with -Dferry.sim.seed=" + seed + "), mode " + mode
                        + ": " + e.getMessage(), e);
                }
            }
        }
        if (only == null) {
            // The random histories must reach every kind of answer, or the test proves less than it claims.
            for (TranslationKind kind : TranslationKind.values()) {
                if (kind == TranslationKind.INTERLEAVED) {
                    continue; // a failback answer (FailbackSimulationTest), never the translator's
                }
                assertTrue(kindsSeen.getOrDefault(kind, 0) > 0, "no history produced a " + kind + " answer: " + kindsSeen);
            }
            assertTrue(exactInLossyModes * 2 > answersInLossyModes,
                "lossy histories should still translate mostly exactly: " + exactInLossyModes + " of " + answersInLossyModes);
        }
    }

    private void simulate(long seed, Mode mode) {
        Random random = new Random(seed * 31 + mode.ordinal());
        int partitions = 1 + random.nextInt(3);
        List<History> histories = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            histories.add(copy(random, new TopicPartition("topic-" + (p % 2), p), mode));
        }
        List<OffsetSync> log = interleave(random, histories);

        OffsetSyncStore store = new OffsetSyncStore(Integer.MAX_VALUE);
        OffsetSyncReader reader = new OffsetSyncReader(store);
        int junk = feedThroughWire(random, log, reader);
        assertEquals(junk, reader.skipped(), "foreign records skipped");
        assertEquals(log.size(), reader.applied(), "syncs applied");

        int bound = 1 + random.nextInt(4);
        OffsetSyncStore bounded = new OffsetSyncStore(bound);
        for (OffsetSync sync : log) {
            bounded.add(sync);
            assertTrue(bounded.runCount(sync.source()) <= bound, "bounded store holds " + bounded.runCount(sync.source()) + " runs");
        }
        if (mode != Mode.LOSSY) {
            assertEquals(0, store.contradictions(), "truthful syncs never contradict each other");
        }

        OffsetTranslator translator = new OffsetTranslator(store);
        OffsetTranslator boundedTranslator = new OffsetTranslator(bounded);
        for (History history : histories) {
            check(history, mode, log, translator, boundedTranslator);
        }
    }

    /** Simulates the copying of one partition by several task generations; returns what reaches the syncs topic. */
    private static History copy(Random random, TopicPartition source, Mode mode) {
        int logEnd = random.nextInt(8) == 0 ? random.nextInt(4) : 1 + random.nextInt(random.nextBoolean() ? 40 : 300);
        History history = new History(source, logEnd);
        double gapRate = pick(random, 0.0, 0.0, 0.05, 0.3, 0.6);      // compaction, transaction markers, aborted records
        boolean[] present = new boolean[logEnd];
        for (int x = 0; x < logEnd; x++) {
            present[x] = random.nextDouble() >= gapRate;
        }
        double downstreamGapRate = pick(random, 0.0, 0.0, 0.02, 0.2); // other writers, downstream transaction markers
        long nextDownstream = random.nextInt(4) == 0 ? random.nextInt(5) : 0;
        int committed = 0; // the source position Connect stored: where the next generation starts
        int restarts = random.nextInt(6);
        long now = 0;
        for (int generation = 0; generation <= restarts; generation++) {
            boolean last = generation == restarts;
            if (generation > 0 && random.nextInt(10) == 0) {
                committed = random.nextInt(committed + 1); // an operator rewinds the task's source offsets
            }
            RunTracker tracker = new RunTracker(); // a new task generation starts with nothing
            List<OffsetSync> out = new ArrayList<>();
            int budget = last ? Integer.MAX_VALUE : 1 + random.nextInt(Math.max(1, logEnd / 2));
            int lastAcked = -1;
            int durable = 0; // syncs emitted before the last offset commit: acknowledged long before any crash
            for (int x = committed; x < logEnd && budget > 0; x++) {
                if (!present[x]) {
                    continue;
                }
                if (random.nextDouble() < downstreamGapRate) {
                    nextDownstream += 1 + random.nextInt(3);
                }
                long downstream = nextDownstream++;
                history.copies.add(new Copy(x, downstream, generation));
                tracker.onCopied(source, x, downstream, now++).ifPresent(out::add);
                budget--;
                lastAcked = x;
                if (random.nextInt(8) == 0) {
                    out.addAll(tracker.progress(now));
                }
                if (random.nextInt(10) == 0) {
                    committed = x + 1; // Connect commits the offsets of acknowledged copies now and then
                    durable = out.size();
                }
            }
            if (last && mode != Mode.GRACEFUL) {
                // The snapshot is taken while the last generation runs: its syncs arrive, but maybe not its latest progress.
                if (random.nextBoolean()) {
                    out.addAll(tracker.progress(now));
                }
            } else if (mode != Mode.GRACEFUL && random.nextBoolean()) {
                // A crash: syncs still in flight are lost, and there is no final progress. Syncs take milliseconds,
                // offset commits come every minute or so: the lost syncs describe copies whose offsets were not
                // committed, so the next generation copies those records again.
                int lost = Math.min(out.size() - durable, random.nextInt(4));
                out.subList(out.size() - lost, out.size()).clear();
            } else {
                out.addAll(tracker.progress(now)); // the emitter's close()
                if (lastAcked >= 0 && random.nextBoolean()) {
                    committed = lastAcked + 1; // the final offset commit; without it the next generation re-sends
                }
            }
            history.syncs.addAll(out);
        }
        if (mode == Mode.CRASHES) {
            duplicate(random, history.syncs);
        } else if (mode == Mode.LOSSY) {
            mangle(random, history.syncs);
        }
        return history;
    }

    /** Some syncs arrive a second time, later (a producer retry without idempotence). */
    private static void duplicate(Random random, List<OffsetSync> syncs) {
        int count = syncs.size();
        for (int i = 0; i < count; i++) {
            if (random.nextInt(10) == 0) {
                syncs.add(i + 1 + random.nextInt(syncs.size() - i), syncs.get(i));
            }
        }
    }

    private static void mangle(Random random, List<OffsetSync> syncs) {
        List<OffsetSync> copy = new ArrayList<>(syncs);
        syncs.clear();
        for (OffsetSync sync : copy) {
            int dice = random.nextInt(10);
            if (dice == 0) {
                continue; // lost
            }
            syncs.add(sync);
            if (dice == 1) {
                syncs.add(sync); // delivered twice
            }
        }
        for (int i = 1; i < syncs.size(); i++) {
            if (random.nextInt(10) == 0) {
                syncs.set(i - 1, syncs.set(i, syncs.get(i - 1))); // reordered
            }
        }
    }

    /** Merges the partitions' syncs as one topic would hold them: each partition's in order. */
    private static List<OffsetSync> interleave(Random random, List<History> histories) {
        List<OffsetSync> log = new ArrayList<>();
        int[] next = new int[histories.size()];
        int remaining = histories.stream().mapToInt(h -> h.syncs.size()).sum();
        while (remaining > 0) {
            int p = random.nextInt(histories.size());
            if (next[p] < histories.get(p).syncs.size()) {
                log.add(histories.get(p).syncs.get(next[p]++));
                remaining--;
            }
        }
        return log;
    }

    /** Serializes the syncs into consumer records, with some foreign records among them. */
    private static int feedThroughWire(Random random, List<OffsetSync> log, OffsetSyncReader reader) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        int junk = 0;
        for (OffsetSync sync : log) {
            if (random.nextInt(20) == 0) {
                // A foreign or damaged record: a truncated sync value, a tombstone, or text.
                byte[] value = switch (random.nextInt(3)) {
                    case 0 -> Arrays.copyOf(sync.serializeValue(), random.nextInt(sync.serializeValue().length));
                    case 1 -> null;
                    default -> "{\"offset\": 12}".getBytes();
                };
                records.add(new ConsumerRecord<>("syncs", 0, records.size(), sync.serializeKey(), value));
                junk++;
            }
            records.add(new ConsumerRecord<>("syncs", 0, records.size(), sync.serializeKey(), sync.serializeValue()));
        }
        reader.addAll(new ConsumerRecords<>(Map.of(new TopicPartition("syncs", 0), records), Map.of()));
        return junk;
    }

    private void check(History history, Mode mode, List<OffsetSync> log, OffsetTranslator translator, OffsetTranslator bounded) {
        int end = history.logEnd;
        // Brute force: maxCopy[x] = the last downstream copy of upstream x (-1 if never copied).
        long[] maxCopy = new long[end];
        Arrays.fill(maxCopy, -1);
        for (Copy copy : history.copies) {
            maxCopy[(int) copy.upstream()] = Math.max(maxCopy[(int) copy.upstream()], copy.downstream());
        }
        // lastBelow[c] = last copy of any record < c; firstSafe[c] = the highest start that skips no record >= c.
        long[] lastBelow = new long[end + 2];
        long[] firstSafe = new long[end + 2];
        lastBelow[0] = -1;
        for (int c = 1; c <= end + 1; c++) {
            lastBelow[c] = Math.max(lastBelow[c - 1], c - 1 < end ? maxCopy[c - 1] : -1);
        }
        firstSafe[end + 1] = Long.MAX_VALUE;
        for (int c = end; c >= 0; c--) {
            firstSafe[c] = Math.min(firstSafe[c + 1], c < end && maxCopy[c] >= 0 ? maxCopy[c] : Long.MAX_VALUE);
        }
        boolean hasSyncs = log.stream().anyMatch(s -> s.source().equals(history.source));
        List<TrueRun> runs = trueRuns(history.copies);

        for (int c = 0; c <= end + 1; c++) {
            long ideal = lastBelow[c] + 1;
            long safe = firstSafe[c];
            int at = c;
            // Messages are built only on failure: the run list is long.
            Supplier<String> where = () -> history.source + " c=" + at + " ideal=" + ideal + " runs=" + runs;
            assertTrue(ideal <= safe, () -> "simulator: no exact answer exists at " + where.get());
            Translation t = translator.translate(history.source, c);
            Translation b = bounded.translate(history.source, c);
            translations++;
            kindsSeen.merge(t.kind(), 1, Integer::sum);
            if (!hasSyncs) {
                assertEquals(TranslationKind.NO_SYNCS, t.kind(), where);
                assertEquals(-1, t.downstream(), where);
                continue;
            }
            for (Translation answer : List.of(t, b)) {
                Supplier<String> context = () -> where.get() + " answer=" + answer;
                assertTrue(answer.downstream() >= 0, context);
                assertTrue(answer.downstream() <= safe, () -> "skips a record at or after c: " + context.get());
                if (!answer.isExact()) {
                    assertTrue(answer.downstream() <= ideal, () -> "a conservative answer must not be ahead: " + context.get());
                } else if (mode != Mode.LOSSY) {
                    assertEquals(ideal, answer.downstream(), () -> "exact answer: " + context.get());
                }
            }
            if (mode != Mode.GRACEFUL) {
                answersInLossyModes++;
                exactInLossyModes += t.isExact() ? 1 : 0;
                continue;
            }
            Supplier<String> context = () -> where.get() + " answer=" + t + " bounded=" + b;
            assertEquals(ideal, t.downstream(), () -> "with every sync delivered the answer is ideal: " + context.get());
            assertEquals(expectedKind(runs, c), t.kind(), context);
            boolean sameAsUnbounded = b.kind() == t.kind() && b.downstream() == t.downstream();
            assertTrue(sameAsUnbounded || (b.kind() == TranslationKind.HISTORY_GONE && b.downstream() == 0),
                () -> "the bounded store differs only by forgetting history: " + context.get());
        }
    }

    /** Splits the copy log (in downstream order) into runs, independently of RunTracker. */
    private static List<TrueRun> trueRuns(List<Copy> copies) {
        List<TrueRun> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= copies.size(); i++) {
            boolean breaks = i == copies.size()
                || copies.get(i).generation() != copies.get(i - 1).generation()
                || copies.get(i).upstream() != copies.get(i - 1).upstream() + 1
                || copies.get(i).downstream() != copies.get(i - 1).downstream() + 1;
            if (breaks) {
                Copy first = copies.get(start);
                Copy last = copies.get(i - 1);
                boolean lastOfGeneration = i == copies.size() || copies.get(i).generation() != last.generation();
                runs.add(new TrueRun(first.upstream(), first.downstream(), last.upstream(), last.downstream(), lastOfGeneration));
                start = i;
            }
        }
        return runs;
    }

    /** The kind the translator must give when every sync arrived (see OffsetTranslator's guarantees). */
    private static TranslationKind expectedKind(List<TrueRun> runs, long c) {
        if (c == 0) {
            return TranslationKind.EXACT;
        }
        int holder = -1;
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).startUpstream() < c) {
                holder = i;
            }
        }
        if (holder < 0) {
            return TranslationKind.HISTORY_GONE;
        }
        TrueRun run = runs.get(holder);
        if (c - 1 <= run.endUpstream() || !run.lastOfGeneration()) {
            return TranslationKind.EXACT; // inside the run, or its end was named by the next run start
        }
        if (holder == runs.size() - 1) {
            return TranslationKind.NOT_YET_REPLICATED;
        }
        // The generation's last run: exact only if the next run follows it directly downstream.
        return runs.get(holder + 1).startDownstream() == run.endDownstream() + 1
            ? TranslationKind.EXACT : TranslationKind.UNREPORTED_TAIL;
    }

    private static double pick(Random random, double... options) {
        return options[random.nextInt(options.length)];
    }
}
