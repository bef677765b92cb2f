package dev.ferry.it;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Task instances Connect abandons. When a task's graceful stop times out (during a target outage its thread is
 * blocked on the target), Connect leaves the instance running on as an orphan, its metrics still registered, and
 * starts a new one. The soak found the new checkpoint task FAILED with "metric already exists", so the group's
 * checkpoints stopped until someone restarted it. Here every stop is abandoned, since the worker gives tasks no
 * time at all to stop ({@code task.shutdown.graceful.timeout.ms=0}): each restart leaves orphans, and the new
 * instances must run, copy everything and go on checkpointing.
 */
class AbandonedTaskIT extends MirrorClustersIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TOPIC = "abandoned";
    private static final String GROUP = "abandoned-app";
    private static final String MIRROR = "abandoned-mirror";
    private static final String CHECKPOINTS = "abandoned-checkpoints";
    private static final String CHECKPOINTS_TOPIC = "ferry-checkpoints.east.internal";

    @Override
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        return builder.workerProp("task.shutdown.graceful.timeout.ms", "0");
    }

    @Test
    void instancesStartedInPlaceOfAbandonedOnesRunCopyEverythingAndCheckpoint() {
        clusters.createSourceTopic(TOPIC, 2, Map.of());
        produceToBoth(200);
        clusters.connect().configureConnector(MIRROR, MirrorConnectors.eastToWest(clusters, TOPIC, 1));
        clusters.connect().configureConnector(CHECKPOINTS, MirrorConnectors.checkpointsEastToWest(clusters, GROUP));
        long committed = 100;
        commitAt(committed);

        try (KafkaConsumer<byte[], byte[]> checkpoints = checkpointReader()) {
            awaitRunningAndCheckpointed(checkpoints, committed, "before any restart");
            for (int round = 1; round <= 3; round++) {
                // each restart's stop gives up at once: the instances stopped are abandoned, still registered;
                // the second restart in a row abandons instances that may still be starting, registering their metrics
                for (int restart = 0; restart < 2; restart++) {
                    clusters.connect().restartConnectorAndTasks(MIRROR, false, true, false);
                    clusters.connect().restartConnectorAndTasks(CHECKPOINTS, false, true, false);
                }
                produceToBoth(100);
                committed += 100;
                commitAt(committed);
                awaitRunningAndCheckpointed(checkpoints, committed, "after restart " + round);
            }
        }
        // an abandoned instance commits no final offsets, so its successor copies again from the last commit: at least once
        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east." + TOPIC, TOPIC, producer, TIMEOUT);
        assertEquals(0, report.lost(), report.toString());
        assertEquals(0, report.outOfOrder(), report.toString());
        assertEquals(0, report.mismatched(), report.toString());
        assertEquals(0, report.unexpected(), report.toString());

        // the metrics shown are the running instances': an abandoned one neither kept nor took back the names
        long lastOffset = 200 + 3 * 100 - 1;
        for (int partition = 0; partition < 2; partition++) {
            int p = partition;
            Waits.untilValue("last-copied-offset of " + TOPIC + "-" + p + " to reach " + lastOffset, TIMEOUT,
                () -> Jmx.partitionMetric(MIRROR, TOPIC, p, "last-copied-offset"),
                value -> value.isPresent() && value.getAsDouble() == lastOffset);
        }
        Waits.untilValue("groups-tracked of the running checkpoint task to be 1", TIMEOUT,
            () -> Jmx.metric("kafka.connect:type=plugins,connector=" + CHECKPOINTS + ",task=0,source=east,target=west",
                "groups-tracked"),
            value -> value.isPresent() && value.getAsDouble() == 1);
        clusters.connect().deleteConnector(CHECKPOINTS);
        clusters.connect().deleteConnector(MIRROR);
    }

    private void produceToBoth(int records) {
        producer.produce(TOPIC, 0, records);
        producer.produce(TOPIC, 1, records);
    }

    /** Waits for both connectors to run with their tasks, and for a checkpoint of {@code upstream} on both partitions. */
    private void awaitRunningAndCheckpointed(KafkaConsumer<byte[], byte[]> checkpoints, long upstream, String when) {
        // the value shown on timeout names each connector's and task's state, with the trace of any that failed
        Waits.untilValue("both connectors and their tasks RUNNING " + when, TIMEOUT,
            () -> List.of(describe(MIRROR), describe(CHECKPOINTS)),
            states -> states.stream().allMatch(state -> state.startsWith("RUNNING [RUNNING]")));
        Map<Integer, Long> latest = new HashMap<>();
        Waits.until("checkpoints of " + GROUP + " at upstream offset " + upstream + " " + when, TIMEOUT, () -> {
            for (var record : checkpoints.poll(Duration.ofMillis(200))) {
                // a record that does not deserialize fails the test: only checkpoint connectors write here
                Checkpoint checkpoint = Checkpoint.deserialize(record.key(), record.value());
                if (GROUP.equals(checkpoint.consumerGroup())) {
                    latest.merge(checkpoint.source().partition(), checkpoint.upstreamOffset(), Math::max);
                }
            }
            if (!running(CHECKPOINTS)) {
                throw new AssertionError("the checkpoint task stopped running " + when + ": " + clusters.connect()
                    .connectorStatus(CHECKPOINTS).tasks().stream().map(task -> task.state() + " " + task.trace()).toList());
            }
            return latest.getOrDefault(0, -1L) >= upstream && latest.getOrDefault(1, -1L) >= upstream;
        });
    }

    private String describe(String connector) {
        ConnectorStateInfo status = clusters.connect().connectorStatus(connector);
        String connectorTrace = status.connector().trace() == null ? "" : " (" + status.connector().trace() + ")";
        return status.connector().state() + " " + status.tasks().stream()
            .map(task -> task.trace() == null ? task.state() : task.state() + ": " + task.trace()).toList()
            + " " + connector + connectorTrace;
    }

    private boolean running(String connector) {
        ConnectorStateInfo status = clusters.connect().connectorStatus(connector);
        return "RUNNING".equals(status.connector().state()) && status.tasks().size() == 1
            && "RUNNING".equals(status.tasks().get(0).state());
    }

    /** Commits {@code offset} on both partitions for the group on the source, as a consumer that read up to it would. */
    private void commitAt(long offset) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = clusters.source().createConsumer(config)) {
            consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(offset),
                new TopicPartition(TOPIC, 1), new OffsetAndMetadata(offset)), Duration.ofSeconds(30));
        }
    }

    private KafkaConsumer<byte[], byte[]> checkpointReader() {
        KafkaConsumer<byte[], byte[]> consumer = clusters.target().createConsumer(Map.of());
        try (Admin admin = clusters.target().createAdminClient()) {
            Waits.until(CHECKPOINTS_TOPIC + " to exist on the target", TIMEOUT,
                () -> admin.listTopics().names().get().contains(CHECKPOINTS_TOPIC));
        }
        TopicPartition tp = new TopicPartition(CHECKPOINTS_TOPIC, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        return consumer;
    }
}
