package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks {@link FailbackTranslator} against brute force over random active/active histories of one
 * identity-named partition on east (origin) and west (failed over): both clusters take their own
 * records, the forward mirror copies east's own records to west and the reverse mirror west's own
 * records to east (each leaving out the other's copies), interleaved at random, with mirror restarts
 * that re-send (duplicates). Most histories end with both mirrors caught up and their final progress
 * read; the others stop anywhere, with final progress that never arrives. For every west
 * position the answer must never skip a record the group has not read on west, must re-read nothing
 * when labelled exact, and — when every sync arrived and nothing was re-sent — must be exact whenever an
 * exact answer exists.
 *
 * <p>Rerun one seed with {@code -Dferry.sim.seed=N}.
 */
class FailbackSimulationTest {

    private static final int SEEDS = 500;
    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);

    /** One cluster's log of ids: {@code E<n>} originated on east, {@code W<n>} on west. */
    private static final class Log {
        final List<String> ids = new ArrayList<>();
        final Map<String, List<Long>> offsets = new HashMap<>();

        long append(String id) {
            long offset = ids.size();
            ids.add(id);
            offsets.computeIfAbsent(id, k -> new ArrayList<>()).add(offset);
            return offset;
        }
    }

    /** A mirror copying the records that originated on its source cluster, in order, emitting syncs. */
    private static final class Mirror {
        final Log from;
        final Log to;
        final String ownPrefix;
        final List<OffsetSync> syncs = new ArrayList<>();
        RunTracker tracker = new RunTracker();
        int next;

        Mirror(Log from, Log to, String ownPrefix) {
            this.from = from;
            this.to = to;
            this.ownPrefix = ownPrefix;
        }

        /** @return whether a record was copied */
        boolean copyOne(long now) {
            while (next < from.ids.size() && !from.ids.get(next).startsWith(ownPrefix)) {
                next++; // a copy of the other cluster's record: its provenance keeps it from going back
            }
            if (next >= from.ids.size()) {
                return false;
            }
            long downstream = to.append(from.ids.get(next));
            tracker.onCopied(ORDERS, next, downstream, now).ifPresent(syncs::add);
            next++;
            return true;
        }

        void restart(Random random, long now, boolean reportFinal) {
            if (reportFinal) {
                syncs.addAll(tracker.progress(now));
            }
            tracker = new RunTracker();
            next = Math.max(0, next - random.nextInt(4));
        }
    }

    private final Map<TranslationKind, Integer> kinds = new EnumMap<>(TranslationKind.class);
    private long exactPossible;

    @Test
    void failbackNeverSkipsAndIsExactWheneverPossible() {
        String only = System.getProperty("ferry.sim.seed");
        long from = only == null ? 0 : Long.parseLong(only);
        long to = only == null ? SEEDS : from + 1;
        long positions = 0;
        for (long seed = from; seed < to; seed++) {
            positions += simulate(seed);
        }
        System.out.println("FailbackSimulationTest: " + positions + " positions, kinds " + kinds + ", exact possible and given at "
            + exactPossible);
        if (only == null) {
            assertTrue(exactPossible > 1_000, "exact answers were possible at " + exactPossible + " positions only");
            assertTrue(kinds.getOrDefault(TranslationKind.INTERLEAVED, 0) > 0, "interleaving was exercised: " + kinds);
        }
    }

    private long simulate(long seed) {
        Random random = new Random(seed);
        Log east = new Log();
        Log west = new Log();
        Mirror forward = new Mirror(east, west, "E");
        Mirror reverse = new Mirror(west, east, "W");
        boolean resends = random.nextInt(3) == 0;
        boolean lossyEnd = random.nextInt(4) == 0;
        // how often each side writes vs each mirror copies decides how much the two kinds interleave
        int eastWeight = random.nextInt(5);
        int westWeight = random.nextInt(5);
        int steps = 20 + random.nextInt(80);
        int eastIds = 0;
        int westIds = 0;
        for (int step = 0; step < steps; step++) {
            int pick = random.nextInt(eastWeight + westWeight + 6);
            long now = step;
            if (pick < eastWeight) {
                east.append("E" + eastIds++);
            } else if (pick < eastWeight + westWeight) {
                west.append("W" + westIds++);
            } else if (pick < eastWeight + westWeight + 2) {
                forward.copyOne(now);
            } else if (pick < eastWeight + westWeight + 4) {
                reverse.copyOne(now);
            } else if (pick == eastWeight + westWeight + 4) {
                forward.syncs.addAll(forward.tracker.progress(now));
                reverse.syncs.addAll(reverse.tracker.progress(now));
            } else if (resends) {
                (random.nextBoolean() ? forward : reverse).restart(random, now, random.nextBoolean());
            }
        }
        if (!lossyEnd) {
            // the group fails back once both mirrors caught up, as the runbook asks
            while (forward.copyOne(steps) | reverse.copyOne(steps)) {
                // copy until neither mirror has anything left
            }
            forward.syncs.addAll(forward.tracker.progress(steps));
            reverse.syncs.addAll(reverse.tracker.progress(steps));
        }
        OffsetSyncStore forwardStore = new OffsetSyncStore();
        OffsetSyncStore reverseStore = new OffsetSyncStore();
        forward.syncs.forEach(forwardStore::add);
        reverse.syncs.forEach(reverseStore::add);
        FailbackTranslator translator = new FailbackTranslator(forwardStore, reverseStore);

        for (int p = 0; p <= west.ids.size(); p++) {
            Translation answer = translator.translate(ORDERS, ORDERS, p);
            kinds.merge(answer.kind(), 1, Integer::sum);
            if (answer.kind() == TranslationKind.NO_SYNCS) {
                assertEquals(-1, answer.downstream());
                continue;
            }
            long start = answer.downstream();
            Set<String> read = new HashSet<>(west.ids.subList(0, p));
            Set<String> pending = new HashSet<>(west.ids.subList(p, west.ids.size()));
            pending.removeAll(read);
            String where = "seed " + seed + ", west position " + p + ", east " + east.ids + ", west " + west.ids + ": " + answer;
            long lastPendingOnEast = Long.MAX_VALUE;
            for (String id : pending) {
                List<Long> onEast = east.offsets.get(id);
                // own records the reverse mirror has yet to copy (again, after a rewind) will land at the end
                boolean toBeCopied = id.startsWith("W") && west.offsets.get(id).get(0) >= reverse.next;
                if (onEast != null && !toBeCopied) {
                    long last = onEast.get(onEast.size() - 1);
                    assertTrue(last >= start, "skipped " + id + " at east " + last + " — " + where);
                    lastPendingOnEast = Math.min(lastPendingOnEast, last);
                }
            }
            long pastLastRead = 0;
            for (String id : read) {
                List<Long> onEast = east.offsets.getOrDefault(id, List.of());
                for (long offset : onEast) {
                    pastLastRead = Math.max(pastLastRead, offset + 1);
                }
            }
            if (answer.isExact()) {
                assertTrue(pastLastRead <= start, "labelled exact but re-reads a record below east " + pastLastRead + " — " + where);
            }
            boolean allCopiedBack = read.stream().filter(id -> id.startsWith("W")).allMatch(east.offsets::containsKey);
            if (!resends && !lossyEnd && allCopiedBack && pastLastRead <= lastPendingOnEast) {
                assertTrue(answer.isExact(), "an exact answer (" + pastLastRead + ") exists — " + where);
                assertEquals(pastLastRead, start, where);
                exactPossible++;
            }
        }
        return west.ids.size() + 1L;
    }
}
