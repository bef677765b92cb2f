package dev.ferry.monitoring;

import java.util.List;

/**
 * The document of {@code GET /ferry/v1/replication}: per connector, topic and partition, lag, rates, latency and
 * health. Field names are the JSON names. Rates are per second; -1 means unknown for lag in seconds and latency.
 *
 * @param generatedAtMs when the document was made
 * @param connectors    the Ferry mirror connectors of the Connect cluster
 */
public record ReplicationView(long generatedAtMs, List<ConnectorView> connectors) {

    /** One mirror connector, rolled up from its topics. */
    public record ConnectorView(String name, String sourceAlias, String targetAlias, HealthStatus status, long lagRecords,
                                double lagSeconds, double recordsPerSec1m, double recordsPerSec5m, double bytesPerSec1m,
                                double bytesPerSec5m, List<TopicView> topics) {
    }

    /** One source topic, rolled up from its partitions; latency figures are the highest of its partitions'. */
    public record TopicView(String topic, String remoteTopic, HealthStatus status, long lagRecords, double lagSeconds,
                            double recordsPerSec1m, double recordsPerSec5m, double bytesPerSec1m, double bytesPerSec5m,
                            LatencyView latencyMs, List<HistoryPoint> history, List<PartitionView> partitions,
                            VerificationView verification, List<AuditWindowView> audit) {
    }

    /**
     * Chaperone-style audit of a topic for one window of source record timestamps, summed over its partitions' latest
     * reports (see {@link AuditReport}): records the mirror tasks consumed and records the target acknowledged.
     *
     * @param startMs        window start (source timestamp)
     * @param windowMs       window length
     * @param consumed       records handed to Connect
     * @param acknowledged   records acknowledged by the target
     * @param unacknowledged consumed minus acknowledged: in flight, or never copied if it stays above 0
     */
    public record AuditWindowView(long startMs, long windowMs, long consumed, long acknowledged, long unacknowledged) {
    }

    /**
     * Continuous verification of a topic's copies (see {@link VerificationReport}), or null when no checkpoint connector
     * verifies it.
     *
     * @param connector      the checkpoint connector that verifies
     * @param samplesChecked records compared with their copy since its verifying task started
     * @param mismatches     copies that differed or were missing where the offset syncs put them
     * @param lastMismatch   the latest mismatch, or null
     * @param reportAgeMs    age of the verification result
     */
    public record VerificationView(String connector, long samplesChecked, long mismatches, MismatchView lastMismatch,
                                   long reportAgeMs) {
    }

    /** Where a sampled record and its supposed copy differed: offsets and field names only, never contents. */
    public record MismatchView(int partition, long sourceOffset, String targetTopic, long targetOffset, String fields,
                               long detectedAtMs, long ageMs) {
    }

    /** One source partition, from its latest progress report and its history. */
    public record PartitionView(int partition, int task, HealthStatus status, String reason, long lagRecords, double lagSeconds,
                                double recordsPerSec1m, double recordsPerSec5m, double bytesPerSec1m, double bytesPerSec5m,
                                LatencyView latencyMs, long nextOffset, long sourceLogEndOffset, long lastDownstreamOffset,
                                long recordAgeMs, long lastReportAgeMs) {
    }

    /** Replication latency (target acknowledgement minus source timestamp) in milliseconds; -1 when nothing was measured. */
    public record LatencyView(long p50, long p99, long p999, long max) {
        public static final LatencyView NONE = new LatencyView(-1, -1, -1, -1);

        LatencyView highest(LatencyView other) {
            return new LatencyView(Math.max(p50, other.p50), Math.max(p99, other.p99), Math.max(p999, other.p999),
                Math.max(max, other.max));
        }
    }

    /** A point of a topic's chart: its lag and copy rate at one moment. */
    public record HistoryPoint(long atMs, long lagRecords, double recordsPerSec) {
    }
}
