package dev.ferry.monitoring;

import dev.ferry.monitoring.GroupsView.GroupPartitionView;
import dev.ferry.monitoring.GroupsView.GroupView;
import dev.ferry.monitoring.ReplicationView.ConnectorView;
import dev.ferry.monitoring.ReplicationView.PartitionView;
import dev.ferry.monitoring.ReplicationView.TopicView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The figures of {@link ReplicationView} and {@link GroupsView} in the Prometheus text exposition format 0.0.4:
 * one {@code # HELP} and one {@code # TYPE} line per metric family, then its samples. Label values are escaped
 * as the format requires (backslash, double quote, line feed); unknown figures (-1 or null) are left out
 * rather than written as a number that looks real.
 */
public final class PrometheusText {

    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private record Family<T>(String name, String type, String help, ToDoubleFunction<T> value) {
    }

    private static final List<Family<PartitionView>> PARTITION = List.of(
        gauge("ferry_replication_lag_records", "Records in the source partition not yet copied (source log end minus next offset to copy).",
            PartitionView::lagRecords),
        gauge("ferry_replication_lag_seconds", "Estimated time since the source log end was at the next offset to copy.",
            PartitionView::lagSeconds),
        gauge("ferry_replication_records_per_second_1m", "Records copied per second over the last minute.", PartitionView::recordsPerSec1m),
        gauge("ferry_replication_records_per_second_5m", "Records copied per second over the last 5 minutes.", PartitionView::recordsPerSec5m),
        gauge("ferry_replication_bytes_per_second_1m", "Bytes copied per second over the last minute.", PartitionView::bytesPerSec1m),
        gauge("ferry_replication_bytes_per_second_5m", "Bytes copied per second over the last 5 minutes.", PartitionView::bytesPerSec5m),
        gauge("ferry_replication_latency_p50_ms", "Median replication latency (target ack minus source timestamp), milliseconds.",
            p -> p.latencyMs().p50()),
        gauge("ferry_replication_latency_p99_ms", "99th percentile replication latency, milliseconds.", p -> p.latencyMs().p99()),
        gauge("ferry_replication_latency_p999_ms", "99.9th percentile replication latency, milliseconds.", p -> p.latencyMs().p999()),
        gauge("ferry_replication_latency_max_ms", "Highest replication latency, milliseconds.", p -> p.latencyMs().max()),
        gauge("ferry_replication_next_offset", "Next source offset to copy.", PartitionView::nextOffset),
        gauge("ferry_replication_source_log_end_offset", "Source log end offset as last observed by the task.",
            PartitionView::sourceLogEndOffset),
        gauge("ferry_replication_record_age_ms", "Age of the last copied record (now minus its source timestamp), milliseconds.",
            PartitionView::recordAgeMs),
        gauge("ferry_replication_last_report_age_ms", "Time since the partition's last progress report, milliseconds.",
            PartitionView::lastReportAgeMs));

    static final String PARTITION_STATUS = "ferry_replication_partition_status";
    static final String TOPIC_STATUS = "ferry_replication_topic_status";
    static final String CONNECTOR_STATUS = "ferry_replication_connector_status";

    private static final List<Family<GroupPartitionView>> GROUP_PARTITION = List.of(
        gauge("ferry_group_upstream_offset", "The group's committed offset on the source, as last checkpointed.",
            GroupPartitionView::upstreamOffset),
        gauge("ferry_group_translated_offset", "The checkpointed translation of that offset on the target.",
            p -> p.translatedOffset() == null ? -1 : p.translatedOffset()),
        gauge("ferry_group_target_committed_offset", "The group's committed offset of the remote partition on the target.",
            p -> p.targetCommittedOffset() == null ? -1 : p.targetCommittedOffset()),
        gauge("ferry_group_lag_on_target", "Records a consumer failing over now would read on the target.",
            p -> p.lagOnTarget() == null ? -1 : p.lagOnTarget()),
        gauge("ferry_group_checkpoint_age_ms", "Age of the partition's latest checkpoint, milliseconds.", GroupPartitionView::checkpointAgeMs),
        gauge("ferry_group_failover_rereads", "Records a consumer failing over now would read a second time (as of the latest checkpoint).",
            p -> p.failoverRereads() == null ? -1 : p.failoverRereads()),
        gauge("ferry_group_failover_skips", "Records a consumer failing over now would never see: on the source past its position, not yet on the target.",
            p -> p.failoverSkips() == null ? -1 : p.failoverSkips()));

    static final String GROUP_STATUS = "ferry_group_status";
    static final String UNPARSEABLE = "ferry_monitoring_unparseable_records_total";
    static final String VERIFICATION_SAMPLES = "ferry_verification_samples_total";
    static final String VERIFICATION_MISMATCHES = "ferry_verification_mismatches_total";
    static final String AUDIT_UNACKNOWLEDGED = "ferry_audit_unacknowledged_records";

    /** Every metric family name this class writes. */
    public static final Set<String> METRIC_NAMES;

    static {
        List<String> names = new ArrayList<>();
        PARTITION.forEach(f -> names.add(f.name()));
        GROUP_PARTITION.forEach(f -> names.add(f.name()));
        names.addAll(List.of(PARTITION_STATUS, TOPIC_STATUS, CONNECTOR_STATUS, GROUP_STATUS, UNPARSEABLE, VERIFICATION_SAMPLES,
            VERIFICATION_MISMATCHES, AUDIT_UNACKNOWLEDGED));
        METRIC_NAMES = Set.copyOf(names);
    }

    private PrometheusText() {
    }

    private static <T> Family<T> gauge(String name, String help, ToDoubleFunction<T> value) {
        return new Family<>(name, "gauge", help, value);
    }

    /**
     * @param replication the replication figures
     * @param groups      the failover readiness figures
     * @param unparseable records that could not be read, per internal topic
     */
    public static String write(ReplicationView replication, GroupsView groups, Map<String, Long> unparseable) {
        StringBuilder out = new StringBuilder(8192);
        List<Sample<PartitionView>> partitions = new ArrayList<>();
        List<Sample<TopicView>> topics = new ArrayList<>();
        List<Sample<ConnectorView>> connectors = new ArrayList<>();
        for (ConnectorView connector : replication.connectors()) {
            Map<String, String> connectorLabels = labels("connector", connector.name(), "source", connector.sourceAlias(),
                "target", connector.targetAlias());
            connectors.add(new Sample<>(connectorLabels, connector));
            for (TopicView topic : connector.topics()) {
                Map<String, String> topicLabels = with(connectorLabels, "topic", topic.topic());
                topics.add(new Sample<>(topicLabels, topic));
                for (PartitionView partition : topic.partitions()) {
                    partitions.add(new Sample<>(with(topicLabels, "partition", Integer.toString(partition.partition())), partition));
                }
            }
        }
        for (Family<PartitionView> family : PARTITION) {
            family(out, family.name(), family.type(), family.help(), partitions, family.value());
        }
        status(out, PARTITION_STATUS, "Health of the partition: 1 for its current status (OK, WARN, ERR, STALLED), 0 for the others.",
            partitions, PartitionView::status);
        status(out, TOPIC_STATUS, "Health of the topic (worst of its partitions): 1 for its current status.", topics, TopicView::status);
        status(out, CONNECTOR_STATUS, "Health of the mirror connector (worst of its topics): 1 for its current status.", connectors,
            ConnectorView::status);
        List<Sample<ReplicationView.VerificationView>> verified = new ArrayList<>();
        for (Sample<TopicView> topic : topics) {
            if (topic.item().verification() != null) {
                verified.add(new Sample<>(topic.labels(), topic.item().verification()));
            }
        }
        family(out, VERIFICATION_SAMPLES, "counter", "Records of the topic compared with their copy on the target, found through "
            + "the offset syncs, since the verifying task started.", verified, ReplicationView.VerificationView::samplesChecked);
        family(out, VERIFICATION_MISMATCHES, "counter", "Compared records of the topic whose copy differed or was missing where "
            + "the offset syncs put it.", verified, ReplicationView.VerificationView::mismatches);
        List<Sample<TopicView>> audited = topics.stream().filter(t -> !t.item().audit().isEmpty()).toList();
        family(out, AUDIT_UNACKNOWLEDGED, "gauge", "Audit: records of the topic the mirror tasks consumed minus records the target "
            + "acknowledged, over the audit windows kept (source-timestamp windows); above 0 for long means records never copied.",
            audited, t -> t.audit().stream().mapToLong(ReplicationView.AuditWindowView::unacknowledged).sum());

        List<Sample<GroupPartitionView>> groupPartitions = new ArrayList<>();
        List<Sample<GroupView>> groupSamples = new ArrayList<>();
        for (GroupView group : groups.groups()) {
            Map<String, String> groupLabels = labels("group", group.group(), "source", group.sourceAlias(), "target", group.targetAlias());
            groupSamples.add(new Sample<>(groupLabels, group));
            for (GroupPartitionView partition : group.partitions()) {
                groupPartitions.add(new Sample<>(with(with(groupLabels, "topic", partition.topic()), "partition",
                    Integer.toString(partition.partition())), partition));
            }
        }
        for (Family<GroupPartitionView> family : GROUP_PARTITION) {
            family(out, family.name(), family.type(), family.help(), groupPartitions, family.value());
        }
        header(out, GROUP_STATUS, "gauge", "Failover readiness of the consumer group: 1 for its current status (READY, STALE, NOT_READY).");
        for (Sample<GroupView> sample : groupSamples) {
            for (GroupsView.Readiness readiness : GroupsView.Readiness.values()) {
                line(out, GROUP_STATUS, with(sample.labels(), "status", readiness.name()), sample.item().status() == readiness ? 1 : 0);
            }
        }
        header(out, UNPARSEABLE, "counter", "Records of Ferry's progress and checkpoints topics the monitoring extension could not read.");
        unparseable.forEach((topic, count) -> line(out, UNPARSEABLE, labels("topic", topic), count));
        return out.toString();
    }

    private record Sample<T>(Map<String, String> labels, T item) {
    }

    private static <T> void family(StringBuilder out, String name, String type, String help, List<Sample<T>> samples,
                                   ToDoubleFunction<T> value) {
        header(out, name, type, help);
        for (Sample<T> sample : samples) {
            double v = value.applyAsDouble(sample.item());
            if (v >= 0) {
                line(out, name, sample.labels(), v);
            }
        }
    }

    private static <T> void status(StringBuilder out, String name, String help, List<Sample<T>> samples,
                                   Function<T, HealthStatus> status) {
        header(out, name, "gauge", help);
        for (Sample<T> sample : samples) {
            HealthStatus current = status.apply(sample.item());
            for (HealthStatus candidate : HealthStatus.values()) {
                line(out, name, with(sample.labels(), "status", candidate.name()), current == candidate ? 1 : 0);
            }
        }
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder out, String name, Map<String, String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(label.getKey()).append("=\"").append(escapeLabelValue(label.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** Label values escape backslash, double quote and line feed. */
    static String escapeLabelValue(String value) {
        if (value == null) {
            return "";
        }
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** HELP text escapes backslash and line feed. */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static Map<String, String> labels(String... keysAndValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            labels.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return labels;
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.put(key, value);
        return copy;
    }
}
