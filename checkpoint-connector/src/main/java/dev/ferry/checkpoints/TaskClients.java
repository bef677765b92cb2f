package dev.ferry.checkpoints;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The clients a {@link CheckpointTask} works with, created from its config. Tests substitute fakes.
 */
interface TaskClients {

    /** A consumer of the cluster holding the offset-syncs topic. */
    Consumer<byte[], byte[]> offsetSyncsConsumer(CheckpointConfig config, String clientId);

    /** A consumer of the target cluster, to read earlier checkpoints back. */
    Consumer<byte[], byte[]> checkpointsConsumer(CheckpointConfig config, String clientId);

    /** Committed offsets on the source cluster. */
    GroupOffsets groupOffsets(CheckpointConfig config, String clientId, Duration callTimeout);

    /** Which source topics have a remote topic on the target. */
    MirroredTopics mirroredTopics(CheckpointConfig config, String clientId, Duration callTimeout, LongSupplier clock);

    /** Consumer groups of the target cluster, for the optional group sync. */
    default TargetGroups targetGroups(CheckpointConfig config, String clientId, Duration callTimeout) {
        return new AdminTargetGroups(Admin.create(config.targetAdminConfig(clientId)), config.targetAlias(), callTimeout);
    }

    /** A consumer of the source cluster fetching sampled records, for verification. */
    default Consumer<byte[], byte[]> sourceSampleConsumer(CheckpointConfig config, String clientId) {
        return new KafkaConsumer<>(config.sourceSampleConsumerConfig(clientId));
    }

    /** A consumer of the target cluster fetching the copies of sampled records, for verification. */
    default Consumer<byte[], byte[]> targetSampleConsumer(CheckpointConfig config, String clientId) {
        return new KafkaConsumer<>(config.targetSampleConsumerConfig(clientId));
    }

    /** Real Kafka clients. */
    TaskClients KAFKA = new TaskClients() {
        @Override
        public Consumer<byte[], byte[]> offsetSyncsConsumer(CheckpointConfig config, String clientId) {
            return consumer(config.offsetSyncsConsumerConfig(clientId));
        }

        @Override
        public Consumer<byte[], byte[]> checkpointsConsumer(CheckpointConfig config, String clientId) {
            return consumer(config.checkpointsConsumerConfig(clientId));
        }

        @Override
        public GroupOffsets groupOffsets(CheckpointConfig config, String clientId, Duration callTimeout) {
            return new AdminGroupOffsets(Admin.create(config.sourceAdminConfig(clientId)), config.sourceAlias(), callTimeout);
        }

        @Override
        public MirroredTopics mirroredTopics(CheckpointConfig config, String clientId, Duration callTimeout, LongSupplier clock) {
            return new RemoteTopicCatalog(Admin.create(config.targetAdminConfig(clientId)), config.replicationPolicy(),
                config.sourceAlias(), config.targetAlias(), config.refreshGroupsIntervalMs(), callTimeout, clock);
        }

        private Consumer<byte[], byte[]> consumer(Map<String, Object> settings) {
            return new KafkaConsumer<>(settings);
        }
    };
}
