package dev.ferry.checkpoints;

import dev.ferry.common.FerryVersion;
import dev.ferry.common.config.ConnectorValidation;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes checkpoints of a source cluster's consumer groups to the target cluster: for every group the
 * filters select, its committed offsets translated to the target through the offset syncs that the
 * mirror connector of the same flow writes.
 *
 * <p>The connector finds the groups (see {@link GroupWatcher}) and spreads them over tasks;
 * {@link CheckpointTask}s read the offset syncs, translate and emit. Run it on the Connect cluster of
 * the target, next to the mirror connector, with the same cluster aliases, offset-syncs and
 * replication-policy settings.
 */
public class CheckpointConnector extends SourceConnector {

    /** The converter that writes checkpoint bytes unchanged; any other would corrupt the wire format. */
    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    static final List<String> CONVERTER_KEYS = List.of("key.converter", "value.converter");

    private final Function<CheckpointConfig, GroupWatcher> watcherFactory;
    private Map<String, String> props;
    private GroupWatcher watcher;

    public CheckpointConnector() {
        this(GroupWatcher::create);
    }

    CheckpointConnector(Function<CheckpointConfig, GroupWatcher> watcherFactory) {
        this.watcherFactory = watcherFactory;
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        CheckpointConfig config = new CheckpointConfig(props);
        watcher = watcherFactory.apply(config);
        // Fails start (so the connector is FAILED with the reason in its status) when a cluster cannot be
        // reached in startup.timeout.ms, rather than RUNNING with no tasks and no explanation.
        watcher.start(context());
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        List<List<String>> assignment = new ArrayList<>(GroupAssignor.assign(watcher.groups(), maxTasks));
        boolean verify = new CheckpointConfig(props).verificationEnabled();
        if (verify && assignment.isEmpty()) {
            assignment.add(List.of()); // verification needs a task even while no group is checkpointed
        }
        for (List<String> groups : assignment) {
            Map<String, String> taskConfig = new HashMap<>(props);
            taskConfig.put(CheckpointTaskConfig.TASK_GROUPS, CheckpointTaskConfig.encodeGroups(groups));
            // One task verifies: samples of all mirrored partitions, at the configured rate for the whole connector.
            taskConfig.put(CheckpointTaskConfig.TASK_VERIFY, Boolean.toString(verify && configs.isEmpty()));
            configs.add(taskConfig);
        }
        return configs;
    }

    @Override
    public void stop() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CheckpointTask.class;
    }

    @Override
    public ConfigDef config() {
        return CheckpointConfig.CONFIG_DEF;
    }

    /**
     * Single-key checks from the {@link ConfigDef}, then the checks that need several keys or Connect's
     * own keys, each reported on the key to change.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConnectorValidation.check(super.validate(connectorConfigs), CheckpointConfig.CONFIG_DEF, connectorConfigs, CONVERTER_KEYS,
            "checkpoints are written in Ferry's binary format, and any other converter would change the bytes.", CheckpointConfig.NON_CLIENT_PREFIXED_KEYS);
    }

    @Override
    public String version() {
        return FerryVersion.get();
    }
}
