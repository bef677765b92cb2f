/**
 * Offset syncs, the offset translator, the checkpoint connector and the failover tool.
 * Filled by the offset-translation issue; the mirror connector depends on this module for sync emission.
 */
package dev.ferry.offsets;
