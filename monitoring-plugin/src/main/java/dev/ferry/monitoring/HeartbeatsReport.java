package dev.ferry.monitoring;

import dev.ferry.monitoring.HeartbeatsView.HeartbeatView;
import dev.ferry.monitoring.ReplicationView.ConnectorView;
import dev.ferry.monitoring.ReplicationView.PartitionView;
import dev.ferry.monitoring.ReplicationView.TopicView;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Picks the heartbeats topics out of the {@link ReplicationView}: the mirror copies them like any topic, so their
 * partitions' latency and record age are the cluster pair's end-to-end latency and liveness.
 */
final class HeartbeatsReport {

    private final Set<String> heartbeatTopics;

    /** @param heartbeatTopics names of heartbeats topics on the source clusters */
    HeartbeatsReport(Set<String> heartbeatTopics) {
        this.heartbeatTopics = Set.copyOf(heartbeatTopics);
    }

    HeartbeatsView build(ReplicationView replication) {
        List<HeartbeatView> heartbeats = new ArrayList<>();
        for (ConnectorView connector : replication.connectors()) {
            for (TopicView topic : connector.topics()) {
                if (!heartbeatTopics.contains(topic.topic())) {
                    continue;
                }
                for (PartitionView partition : topic.partitions()) {
                    heartbeats.add(new HeartbeatView(connector.name(), connector.sourceAlias(), connector.targetAlias(), topic.topic(),
                        topic.remoteTopic(), partition.partition(), partition.status(), partition.latencyMs(), partition.recordAgeMs(),
                        partition.lastReportAgeMs()));
                }
            }
        }
        return new HeartbeatsView(replication.generatedAtMs(), heartbeats);
    }
}
