package dev.ferry.monitoring;

import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the endpoints answer, computed from the caches on each request: the connector catalog, the progress and
 * checkpoint stores filled by {@link ProgressFeed}, and the cached target offsets. The cost of a request is bounded
 * by the number of partitions and the history kept per partition; no request reads Kafka, except the cached
 * target-offset lookups of {@link #groups()}.
 */
final class Monitor {

    private final Supplier<List<FerryConnector>> connectors;
    private final ProgressStore progress;
    private final CheckpointStore checkpoints;
    private final ReplicationReport replicationReport;
    private final GroupsReport groupsReport;
    private final HeartbeatsReport heartbeatsReport;
    private final Supplier<Map<String, Long>> unparseable;
    private final LongSupplier clock;
    private final VerificationStore verification;

    Monitor(Supplier<List<FerryConnector>> connectors, ProgressStore progress, CheckpointStore checkpoints,
            ReplicationReport replicationReport, GroupsReport groupsReport, HeartbeatsReport heartbeatsReport,
            Supplier<Map<String, Long>> unparseable, LongSupplier clock) {
        this(connectors, progress, checkpoints, new VerificationStore(), replicationReport, groupsReport, heartbeatsReport,
            unparseable, clock);
    }

    Monitor(Supplier<List<FerryConnector>> connectors, ProgressStore progress, CheckpointStore checkpoints,
            VerificationStore verification, ReplicationReport replicationReport, GroupsReport groupsReport,
            HeartbeatsReport heartbeatsReport, Supplier<Map<String, Long>> unparseable, LongSupplier clock) {
        this.verification = verification;
        this.connectors = connectors;
        this.progress = progress;
        this.checkpoints = checkpoints;
        this.replicationReport = replicationReport;
        this.groupsReport = groupsReport;
        this.heartbeatsReport = heartbeatsReport;
        this.unparseable = unparseable;
        this.clock = clock;
    }

    ReplicationView replication() {
        return replicationReport.build(connectors.get(), progress.snapshot(), new VerificationReport(verification.snapshot()),
            clock.getAsLong());
    }

    GroupsView groups() {
        return groupsReport.build(connectors.get(), checkpoints.snapshot(), progress.snapshot(), clock.getAsLong());
    }

    HeartbeatsView heartbeats() {
        return heartbeatsReport.build(replication());
    }

    String prometheus() {
        return PrometheusText.write(replication(), groups(), unparseable.get());
    }
}
