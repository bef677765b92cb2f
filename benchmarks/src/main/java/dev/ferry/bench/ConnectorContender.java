package dev.ferry.bench;

import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A mirror connector created over the worker's REST API, timed from that call until the target holds every
 * record (so connector start, topic creation and task start are included), then deleted. Exactly once, the
 * target's end offsets also count the transactions' commit markers, so the last few records (at most one per
 * transaction and partition) may still be in flight when the clock stops.
 */
final class ConnectorContender implements Contender {

    /** A connector configuration for one round, and the remote topic it will fill. */
    record RoundConfig(Map<String, String> connectorConfig, String remoteTopic) {
    }

    /** The REST calls a contender makes on the Connect cluster that runs it. */
    interface ConnectApi {
        void configureConnector(String name, Map<String, String> config);

        void deleteConnector(String name);
    }

    private final String name;
    private final FerryClusters clusters;
    private final ConnectApi connect;
    private final BenchSettings settings;
    private final IntFunction<RoundConfig> configForRound;

    ConnectorContender(String name, FerryClusters clusters, ConnectApi connect, BenchSettings settings,
                       IntFunction<RoundConfig> configForRound) {
        this.name = name;
        this.clusters = clusters;
        this.connect = connect;
        this.settings = settings;
        this.configForRound = configForRound;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CopyResult copyAll(int round) throws Exception {
        RoundConfig config = configForRound.apply(round);
        String connector = name + "-" + round;
        long cpu = ProcessCpu.nanos();
        long start = System.nanoTime();
        connect.configureConnector(connector, config.connectorConfig());
        try (Admin admin = clusters.target().createAdminClient()) {
            Waits.until("every record on " + config.remoteTopic(), Duration.ofMinutes(10),
                () -> TargetCounts.endOffsetSum(admin, config.remoteTopic(), settings.partitions()) >= settings.records());
        }
        CopyResult result = new CopyResult((System.nanoTime() - start) / 1e9, (ProcessCpu.nanos() - cpu) / 1e9);
        connect.deleteConnector(connector);
        try (Admin admin = clusters.target().createAdminClient()) {
            TargetCounts.delete(admin, config.remoteTopic());
        }
        return result;
    }
}
