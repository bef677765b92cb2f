/**
 * The checkpoint connector: translates the committed offsets of a source cluster's consumer groups
 * to the target cluster and writes them as checkpoints, so failover tooling can move groups without
 * re-reading or skipping records.
 *
 * <ul>
 *   <li>{@link dev.ferry.checkpoints.CheckpointConnector} finds the groups (include / exclude regexes,
 *       refreshed on a schedule), creates the checkpoints topic and spreads the groups over tasks.</li>
 *   <li>{@link dev.ferry.checkpoints.CheckpointTask} reads the mirror's offset syncs into an
 *       {@link dev.ferry.offsets.OffsetSyncStore}, and once read to their end, translates the groups'
 *       committed offsets every interval; checkpoints never move back unless the group itself was reset.</li>
 *   <li>{@link dev.ferry.checkpoints.CheckpointConfig} declares every setting.</li>
 * </ul>
 * Checkpoints use the wire format of {@link dev.ferry.common.wire.Checkpoint} (mirror-common).
 */
package dev.ferry.checkpoints;
