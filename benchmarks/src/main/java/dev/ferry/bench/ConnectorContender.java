package dev.ferry.bench;

import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A mirror connector created over the worker's REST API, timed from that call until the target holds every
 * record (so connector start, topic creation and task start are included), then deleted.
 */
final class ConnectorContender implements Contender {

    /** A connector configuration for one round, and the remote topic it will fill. */
    record RoundConfig(Map<String, String> connectorConfig, String remoteTopic) {
    }

    private final String name;
    private final FerryClusters clusters;
    private final BenchSettings settings;
    private final IntFunction<RoundConfig> configForRound;

    ConnectorContender(String name, FerryClusters clusters, BenchSettings settings, IntFunction<RoundConfig> configForRound) {
        this.name = name;
        this.clusters = clusters;
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
        clusters.connect().configureConnector(connector, config.connectorConfig());
        try (Admin admin = clusters.target().createAdminClient()) {
            Waits.until("every record on " + config.remoteTopic(), Duration.ofMinutes(10),
                () -> TargetCounts.endOffsetSum(admin, config.remoteTopic(), settings.partitions()) >= settings.records());
        }
        CopyResult result = new CopyResult((System.nanoTime() - start) / 1e9, (ProcessCpu.nanos() - cpu) / 1e9);
        clusters.connect().deleteConnector(connector);
        return result;
    }
}
