package dev.ferry.mirror;

import dev.ferry.common.FerryVersion;
import dev.ferry.common.config.ConnectorValidation;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Mirrors topics of a source cluster to the Connect workers' Kafka cluster, byte for byte.
 *
 * <p>The connector finds the topics to mirror, keeps their remote topics in shape (see
 * {@link TopicWatcher}) and spreads partitions over tasks; {@link MirrorSourceTask}s copy records.
 */
public class MirrorSourceConnector extends SourceConnector {

    /** The converters that pass bytes through unchanged; any other would alter the copies. */
    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    static final List<String> CONVERTER_KEYS = List.of("key.converter", "value.converter", "header.converter");

    private final TaskAssignor assignor;
    private final Function<MirrorSourceConfig, TopicWatcher> watcherFactory;
    private Map<String, String> props;
    private TopicWatcher watcher;

    public MirrorSourceConnector() {
        this(new BalancedTaskAssignor(), TopicWatcher::create);
    }

    MirrorSourceConnector(TaskAssignor assignor, Function<MirrorSourceConfig, TopicWatcher> watcherFactory) {
        this.assignor = assignor;
        this.watcherFactory = watcherFactory;
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        MirrorSourceConfig config = new MirrorSourceConfig(props);
        watcher = watcherFactory.apply(config);
        // Fails start (and so the connector, with the reason in its status) when a cluster cannot be
        // reached in startup.timeout.ms: never RUNNING with zero tasks for minutes.
        watcher.start(context());
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<AssignedPartition> partitions = watcher.partitions();
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<AssignedPartition> group : assignor.assign(partitions, maxTasks)) {
            Map<String, String> taskConfig = new HashMap<>(props);
            taskConfig.put(MirrorSourceTask.PARTITIONS, AssignedPartition.encodeAll(group));
            taskConfig.put(MirrorSourceTask.GENERATION, Integer.toString(watcher.taskGeneration()));
            taskConfig.put(MirrorSourceTask.TASK_ID, Integer.toString(configs.size()));
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
        return MirrorSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return MirrorSourceConfig.CONFIG_DEF;
    }

    /**
     * Single-key checks from the {@link ConfigDef}, then the checks that need several keys, each
     * reported on the key to change.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConnectorValidation.check(super.validate(connectorConfigs), MirrorSourceConfig.CONFIG_DEF, connectorConfigs, CONVERTER_KEYS,
            "Ferry copies keys, values and headers as bytes, and any other converter would change them.", MirrorSourceConfig.NON_CLIENT_PREFIXED_KEYS);
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Exactly-once copies need a source consumer that never reads aborted or open transactions.
        return new MirrorSourceConfig(connectorConfig).readsCommittedOnly()
            ? ExactlyOnceSupport.SUPPORTED : ExactlyOnceSupport.UNSUPPORTED;
    }

    /**
     * Accepts offsets altered through Connect's offsets API when they have the shape the tasks write:
     * partition {cluster, topic, partition}, offset {offset} (the last copied upstream offset).
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        offsets.forEach((partition, offset) -> SourceOffsets.validate(partition, offset));
        return true;
    }

    @Override
    public String version() {
        return FerryVersion.get();
    }
}
