package dev.ferry.mirror;

import dev.ferry.common.FerryVersion;
import dev.ferry.common.KafkaCalls;
import dev.ferry.common.config.ConnectorValidation;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes a heartbeat into a source cluster every {@code emit.heartbeats.interval.ms} (one task, its own
 * producer on that cluster). A mirror connector copies the heartbeats topic like any topic, so its
 * replication latency, record age and progress reports for that partition show end-to-end latency and
 * liveness of the cluster pair even when no other traffic flows.
 */
public class HeartbeatConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatConnector.class);
    private static final Duration MAX_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Function<Map<String, Object>, Admin> adminFactory;
    private Map<String, String> props;

    public HeartbeatConnector() {
        this(Admin::create);
    }

    HeartbeatConnector(Function<Map<String, Object>, Admin> adminFactory) {
        this.adminFactory = adminFactory;
    }

    /**
     * Creates the heartbeats topic unless it exists, retrying until {@code startup.timeout.ms}.
     *
     * @throws ConnectException naming the cluster and the reason when the topic cannot be made sure of in time
     */
    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        HeartbeatConfig config = new HeartbeatConfig(props);
        Duration callTimeout = Duration.ofMillis(Math.min(MAX_CALL_TIMEOUT.toMillis(), config.startupTimeoutMs() / 2));
        long deadline = System.currentTimeMillis() + config.startupTimeoutMs();
        long backoffMs = 250;
        try (Admin admin = adminFactory.apply(config.sourceAdminConfig("ferry-heartbeats-" + config.sourceAlias() + "-admin"))) {
            while (true) {
                try {
                    HeartbeatTopic.ensure(admin, config.heartbeatsTopic(), config.heartbeatsReplicationFactor(), callTimeout);
                    return;
                } catch (AuthorizationException denied) {
                    throw new ConnectException(KafkaCalls.describeDenial(denied, "source cluster '" + config.sourceAlias() + "'",
                        "CREATE (heartbeats topic '" + config.heartbeatsTopic() + "')"), denied);
                } catch (RuntimeException e) {
                    long now = System.currentTimeMillis();
                    if (now >= deadline) {
                        throw new ConnectException("Could not create or find heartbeats topic '" + config.heartbeatsTopic()
                            + "' on cluster '" + config.sourceAlias() + "' at " + config.getList(HeartbeatConfig.SOURCE_BOOTSTRAP)
                            + " within " + config.startupTimeoutMs() + " ms (" + HeartbeatConfig.STARTUP_TIMEOUT_MS + "): " + e, e);
                    }
                    log.warn("Creating heartbeats topic '{}' failed, retrying in {} ms: {}", config.heartbeatsTopic(), backoffMs, e.toString());
                    Utils.sleep(Math.min(backoffMs, deadline - now)); // back-off between attempts, not synchronisation
                    backoffMs = Math.min(backoffMs * 2, 5_000);
                }
            }
        }
    }

    /** One task whatever tasks.max says: more would only write more heartbeats. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HeartbeatTask.class;
    }

    @Override
    public ConfigDef config() {
        return HeartbeatConfig.CONFIG_DEF;
    }

    /** Single-key checks from the {@link ConfigDef}, then client keys that no client would use, each on its key. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        // No converter check: the task writes with its own producer and hands Connect no records.
        return ConnectorValidation.check(super.validate(connectorConfigs), HeartbeatConfig.CONFIG_DEF, connectorConfigs, List.of(),
            "", HeartbeatConfig.NON_CLIENT_PREFIXED_KEYS);
    }

    @Override
    public String version() {
        return FerryVersion.get();
    }
}
