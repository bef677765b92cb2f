/**
 * Versioned wire formats of the records Ferry writes to its internal topics: {@link dev.ferry.common.wire.OffsetSync},
 * {@link dev.ferry.common.wire.Checkpoint},
 * {@link dev.ferry.common.wire.PartitionProgress},
 * {@link dev.ferry.common.wire.VerificationResult} and
 * {@link dev.ferry.common.wire.Heartbeat}.
 *
 * <p>Every key and value starts with a big-endian format version (short). Readers reject versions
 * newer than theirs, and versions below 1, with a {@link dev.ferry.common.wire.WireFormatException}
 * naming the problem; they ignore bytes after the fields they know, which lets a release append
 * optional fields without a new version. Readers of internal topics count and skip records that do
 * not parse instead of failing or guessing.
 */
package dev.ferry.common.wire;
