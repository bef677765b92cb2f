package dev.ferry.monitoring;

import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.monitoring.ReplicationView.ConnectorView;
import dev.ferry.monitoring.ReplicationView.HistoryPoint;
import dev.ferry.monitoring.ReplicationView.LatencyView;
import dev.ferry.monitoring.ReplicationView.PartitionView;
import dev.ferry.monitoring.ReplicationView.TopicView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@link ReplicationView} from cached progress reports: per partition figures from
 * {@link Throughput}, {@link LagEstimator} and {@link HealthEvaluator}, rolled up per topic (sums of lags and
 * rates, the highest lag in seconds and latencies, the worst status) and per connector the same way.
 * Only reports of connectors that currently exist are shown.
 */
final class ReplicationReport {

    static final long MINUTE_MS = 60_000L;
    static final long FIVE_MINUTES_MS = 300_000L;

    private final int healthWindow;

    /** @param healthWindow reports in the health rule's sliding window */
    ReplicationReport(int healthWindow) {
        this.healthWindow = healthWindow;
    }

    ReplicationView build(List<FerryConnector> connectors, Map<PartitionKey, List<PartitionProgress>> reports, long nowMs) {
        return build(connectors, reports, new VerificationReport(List.of()), nowMs);
    }

    ReplicationView build(List<FerryConnector> connectors, Map<PartitionKey, List<PartitionProgress>> reports,
                          VerificationReport verification, long nowMs) {
        List<ConnectorView> views = new ArrayList<>();
        for (FerryConnector connector : connectors) {
            if (connector.kind() != FerryConnector.Kind.MIRROR) {
                continue;
            }
            Map<String, Map<Integer, List<PartitionProgress>>> byTopic = new TreeMap<>();
            reports.forEach((key, history) -> {
                if (key.connector().equals(connector.name()) && !history.isEmpty()) {
                    byTopic.computeIfAbsent(key.source().topic(), topic -> new TreeMap<>()).put(key.source().partition(), history);
                }
            });
            List<TopicView> topics = new ArrayList<>();
            Partitions judge = new Partitions(new HealthEvaluator(healthWindow, connector.reportIntervalMs()), connector.reportIntervalMs());
            byTopic.forEach((topic, partitions) -> topics.add(judge.topic(topic, partitions,
                verification.of(connector.sourceAlias(), connector.targetAlias(), topic, nowMs), nowMs)));
            views.add(connector(connector, topics));
        }
        views.sort(Comparator.comparing(ConnectorView::name));
        return new ReplicationView(nowMs, views);
    }

    private ConnectorView connector(FerryConnector connector, List<TopicView> topics) {
        long lag = 0;
        double lagSeconds = 0;
        Throughput minute = Throughput.ZERO;
        Throughput five = Throughput.ZERO;
        List<HealthStatus> statuses = new ArrayList<>();
        for (TopicView topic : topics) {
            lag += Math.max(0, topic.lagRecords());
            lagSeconds = Math.max(lagSeconds, topic.lagSeconds());
            minute = minute.plus(new Throughput(topic.recordsPerSec1m(), topic.bytesPerSec1m()));
            five = five.plus(new Throughput(topic.recordsPerSec5m(), topic.bytesPerSec5m()));
            statuses.add(topic.status());
        }
        return new ConnectorView(connector.name(), connector.sourceAlias(), connector.targetAlias(), HealthStatus.worst(statuses),
            lag, lagSeconds, minute.recordsPerSec(), five.recordsPerSec(), minute.bytesPerSec(), five.bytesPerSec(), topics);
    }

    /** The per-partition figures and topic roll-ups of one connector, judged at its own report interval. */
    private static final class Partitions {
        private final HealthEvaluator health;
        private final long reportIntervalMs;

        Partitions(HealthEvaluator health, long reportIntervalMs) {
            this.health = health;
            this.reportIntervalMs = reportIntervalMs;
        }

        TopicView topic(String topic, Map<Integer, List<PartitionProgress>> partitions, ReplicationView.VerificationView verification,
                        long nowMs) {
            List<PartitionView> views = new ArrayList<>();
            String remoteTopic = null;
            long lag = 0;
            double lagSeconds = 0;
            Throughput minute = Throughput.ZERO;
            Throughput five = Throughput.ZERO;
            LatencyView latency = LatencyView.NONE;
            List<HealthStatus> statuses = new ArrayList<>();
            for (Map.Entry<Integer, List<PartitionProgress>> entry : partitions.entrySet()) {
                List<PartitionProgress> history = entry.getValue();
                PartitionProgress last = history.get(history.size() - 1);
                remoteTopic = last.remoteTopic();
                PartitionView view = partition(history, nowMs);
                views.add(view);
                lag += Math.max(0, view.lagRecords());
                lagSeconds = Math.max(lagSeconds, view.lagSeconds());
                minute = minute.plus(new Throughput(view.recordsPerSec1m(), view.bytesPerSec1m()));
                five = five.plus(new Throughput(view.recordsPerSec5m(), view.bytesPerSec5m()));
                latency = latency.highest(view.latencyMs());
                statuses.add(view.status());
            }
            if (VerificationReport.recentMismatch(verification)) {
                statuses.add(HealthStatus.ERR);
            }
            return new TopicView(topic, remoteTopic, HealthStatus.worst(statuses), lag, lagSeconds, minute.recordsPerSec(),
                five.recordsPerSec(), minute.bytesPerSec(), five.bytesPerSec(), latency, history(partitions.values(), nowMs), views,
                verification, AuditReport.windows(partitions.values()));
        }

            private PartitionView partition(List<PartitionProgress> history, long nowMs) {
            PartitionProgress last = history.get(history.size() - 1);
            Throughput minute = Throughput.over(history, MINUTE_MS, nowMs, reportIntervalMs);
            Throughput five = Throughput.over(history, FIVE_MINUTES_MS, nowMs, reportIntervalMs);
            Health status = health.evaluate(history, nowMs);
            PartitionProgress.Latency latency = lastMeasuredLatency(history);
            LatencyView latencyView = latency == null ? LatencyView.NONE
                : new LatencyView(latency.p50Ms(), latency.p99Ms(), latency.p999Ms(), latency.maxMs());
            return new PartitionView(last.source().partition(), last.taskId(), status.status(), status.reason(), last.lagRecords(),
                LagEstimator.lagSeconds(history, five.recordsPerSec()), minute.recordsPerSec(), five.recordsPerSec(),
                minute.bytesPerSec(), five.bytesPerSec(), latencyView, last.nextOffset(), last.sourceLogEndOffset(),
                last.lastDownstreamOffset(), last.lastRecordTimestampMs() < 0 ? -1 : Math.max(0, nowMs - last.lastRecordTimestampMs()),
                Math.max(0, nowMs - last.reportedAtMs()));
        }

        /** Latency of the most recent report that measured any record (an idle interval measures none). */
            private static PartitionProgress.Latency lastMeasuredLatency(List<PartitionProgress> history) {
            for (int i = history.size() - 1; i >= 0; i--) {
                if (history.get(i).latency().count() > 0) {
                    return history.get(i).latency();
                }
            }
            return null;
        }

        /**
         * The topic's chart over the last 5 minutes, one point per report interval: at each point, the sum over
         * partitions of the lag and copy rate of their latest report at or before it (partitions without one, or
         * whose latest is older than 3 intervals there, count as 0).
         */
            private List<HistoryPoint> history(java.util.Collection<List<PartitionProgress>> partitions, long nowMs) {
            List<HistoryPoint> points = new ArrayList<>();
            long step = reportIntervalMs;
            long first = nowMs - FIVE_MINUTES_MS;
            long earliest = partitions.stream().mapToLong(h -> h.get(0).reportedAtMs()).min().orElse(nowMs);
            for (long at = Math.max(first, earliest - earliest % step + step); at <= nowMs; at += step) {
                long lag = 0;
                double rate = 0;
                boolean any = false;
                for (List<PartitionProgress> history : partitions) {
                    int index = latestAtOrBefore(history, at);
                    if (index < 0 || at - history.get(index).reportedAtMs() > 3 * step) {
                        continue;
                    }
                    any = true;
                    lag += Math.max(0, history.get(index).lagRecords());
                    rate += Throughput.recordsPerSecAt(history, index);
                }
                if (any) {
                    points.add(new HistoryPoint(at, lag, rate));
                }
            }
            return points;
        }
    }

    private static int latestAtOrBefore(List<PartitionProgress> history, long at) {
        int low = 0;
        int high = history.size() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (history.get(mid).reportedAtMs() <= at) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }
}
