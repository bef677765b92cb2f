package dev.ferry.monitoring;

import java.util.List;

/**
 * The document of {@code GET /ferry/v1/heartbeats}: end-to-end latency and liveness of each cluster pair, from the
 * mirror's copies of the heartbeats topic (written every second on the source by Ferry's heartbeat connector, with
 * the emit time as record timestamp), so they show even when no application writes.
 *
 * @param generatedAtMs when the document was made
 * @param heartbeats    one entry per mirror connector and heartbeats partition it copies
 */
public record HeartbeatsView(long generatedAtMs, List<HeartbeatView> heartbeats) {

    /**
     * One heartbeats partition as copied by one mirror connector.
     *
     * @param connector        the mirror connector
     * @param sourceAlias      the cluster the heartbeats are emitted on
     * @param targetAlias      the cluster they are copied to
     * @param topic            the heartbeats topic on the source
     * @param remoteTopic      its copy on the target
     * @param partition        the partition
     * @param status           the partition's replication health ({@link HealthEvaluator})
     * @param latencyMs        end-to-end latency (copy acknowledged on the target minus heartbeat emit time) of the most
     *                         recent report that measured any heartbeat; -1 figures when none was measured
     * @param heartbeatAgeMs   now minus the emit time of the newest heartbeat copied: how fresh the pair's data path is
     *                         known to be (about latency + heartbeat interval + report interval when healthy); -1 if none
     * @param lastReportAgeMs  time since the mirror task's last progress report of the partition
     */
    public record HeartbeatView(String connector, String sourceAlias, String targetAlias, String topic, String remoteTopic,
                                int partition, HealthStatus status, ReplicationView.LatencyView latencyMs, long heartbeatAgeMs,
                                long lastReportAgeMs) {
    }
}
