/**
 * Ferry's monitoring: a Connect REST extension ({@link dev.ferry.monitoring.FerryRestExtension}) that serves
 * replication lag, throughput, latency and health per connector, topic and partition, failover readiness per
 * consumer group, Prometheus metrics and a dashboard, from any worker of the Connect cluster.
 */
package dev.ferry.monitoring;
