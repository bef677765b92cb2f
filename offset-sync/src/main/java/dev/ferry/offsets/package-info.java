/**
 * Exact offset translation across clusters, with no Connect dependency so that tasks and failover
 * tooling share it.
 *
 * <ul>
 *   <li>{@link dev.ferry.offsets.RunTracker} and {@link dev.ferry.offsets.OffsetSyncEmitter}: a mirror task
 *       turns its acknowledged copies into offset syncs (one per run start, plus periodic progress) and
 *       writes them, with bounded memory and bounded in-flight sends.</li>
 *   <li>{@link dev.ferry.offsets.OffsetSyncReader} and {@link dev.ferry.offsets.OffsetSyncStore}: readers of
 *       the offset-syncs topic learn the runs of every source partition, within a stated memory bound.</li>
 *   <li>{@link dev.ferry.offsets.OffsetTranslator}: a committed upstream offset becomes the downstream
 *       offset to continue from, exact when the history is known and conservative (re-read, never skip)
 *       and labelled so when it is not.</li>
 * </ul>
 * The wire formats live in {@code dev.ferry.common.wire} (mirror-common).
 */
package dev.ferry.offsets;
