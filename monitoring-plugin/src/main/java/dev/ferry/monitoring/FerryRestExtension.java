package dev.ferry.monitoring;

import dev.ferry.common.FerryVersion;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Ferry's monitoring, served by every Connect worker: enable it with
 * {@code rest.extension.classes=dev.ferry.monitoring.FerryRestExtension} (Ferry's plugin directory on the
 * worker's {@code plugin.path}). It reads the progress topic and the checkpoints topics of all Ferry connectors
 * of the Connect cluster, with the worker's own client settings, and serves the endpoints of {@link FerryResource}.
 * It also refuses mirror and checkpoint connectors whose target is not the cluster Connect writes their records to
 * ({@link TargetClusterFilter}). Settings: {@link MonitoringConfig}.
 */
public class FerryRestExtension implements ConnectRestExtension {

    private static final Logger log = LoggerFactory.getLogger(FerryRestExtension.class);
    /** How often the catalog of Ferry connectors (and so the topics read) is refreshed. */
    static final long CATALOG_REFRESH_MS = 5_000L;
    /** Bound on each describeCluster of the target-cluster check, which a REST request waits for. */
    static final long CLUSTER_ID_TIMEOUT_MS = 5_000L;

    private final LongSupplier clock = System::currentTimeMillis;
    private MonitoringConfig config;
    private ProgressFeed feed;
    private AdminTargetOffsets targetOffsets;
    private WorkerConfigProviders configProviders;

    @Override
    public void configure(Map<String, ?> workerConfig) {
        this.config = new MonitoringConfig(workerConfig);
        if (config.targetClusterCheckEnabled()) {
            this.configProviders = WorkerConfigProviders.of(workerConfig);
        }
    }

    @Override
    public ConfigDef config() {
        return MonitoringConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return FerryVersion.get();
    }

    @Override
    public void register(ConnectRestExtensionContext context) {
        if (config == null) {
            throw new IllegalStateException("FerryRestExtension.register called before configure");
        }
        // Connect may hand the clusterState a herder that is not running yet: the catalog is only asked later, lazily.
        ConnectorCatalog catalog = new ConnectorCatalog(context.clusterState(), config.progressTopic(),
            config.reportIntervalMs(), CATALOG_REFRESH_MS, clock);
        ProgressStore progress = new ProgressStore(config.historySamples());
        CheckpointStore checkpoints = new CheckpointStore();
        VerificationStore verification = new VerificationStore();
        String clientId = "ferry-monitoring-" + UUID.randomUUID().toString().substring(0, 8);
        feed = new ProgressFeed(new KafkaConsumer<>(consumerConfig(clientId)), catalog::current, progress, checkpoints,
            verification, CATALOG_REFRESH_MS, clock);
        targetOffsets = new AdminTargetOffsets(Admin.create(adminConfig(clientId)), config.targetOffsetsCacheMs(), clock);
        Monitor monitor = new Monitor(catalog::current, progress, checkpoints, verification,
            new ReplicationReport(config.healthWindow()),
            new GroupsReport(targetOffsets, config.checkpointMaxAgeMs()), new HeartbeatsReport(Set.copyOf(config.heartbeatsTopics())),
            feed::unparseableRecords, clock);
        context.configurable().register(new FerryResource(monitor, new DashboardAssets(FerryRestExtension.class.getClassLoader())));
        if (config.targetClusterCheckEnabled()) {
            TargetClusterGuard guard = new TargetClusterGuard(() -> context.clusterState().clusterDetails().kafkaClusterId(),
                config.workerClientSettings(), configProviders::resolve, new AdminClusterIdLookup(CLUSTER_ID_TIMEOUT_MS, clientId + "-cluster-check"));
            context.configurable().register(new TargetClusterFilter(guard, name -> context.clusterState().connectorConfig(name)));
        }
        feed.start();
        log.info("Ferry monitoring registered at /ferry/ (client id {}); target cluster check {}", clientId,
            config.targetClusterCheckEnabled() ? "on" : "off");
    }

    private Map<String, Object> consumerConfig(String clientId) {
        Map<String, Object> props = new HashMap<>(config.workerClientSettings());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private Map<String, Object> adminConfig(String clientId) {
        Map<String, Object> props = new HashMap<>(config.workerClientSettings());
        props.put("client.id", clientId + "-admin");
        return props;
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        if (targetOffsets != null) {
            targetOffsets.close();
        }
        if (configProviders != null) {
            configProviders.close();
        }
    }
}
