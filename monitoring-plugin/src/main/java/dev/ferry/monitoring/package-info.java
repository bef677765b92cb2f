/**
 * Replication lag, throughput, latency and failover readiness: task metrics and a Connect REST extension.
 * Filled by the monitoring issue.
 */
package dev.ferry.monitoring;
