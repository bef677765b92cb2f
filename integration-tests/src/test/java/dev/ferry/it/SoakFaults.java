package dev.ferry.it;

import dev.ferry.testkit.ChildConnectWorker;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The faults the soak cycles through, one method each. {@code prepare} steps set a fault up without being part of
 * it (a new child worker must first hold tasks before killing it means anything); {@code inject} steps return when
 * the fault is over (brokers back, quota lifted, connector resumed), and say what happened.
 */
final class SoakFaults implements AutoCloseable {

    /**
     * A fault of the schedule. {@code knownIssue} names an open product bug that keeps the mirror from recovering by
     * itself after this fault; the soak then restarts the mirror's tasks through REST, says so in the report, and
     * carries on instead of failing. Null for every fault the mirror must survive alone.
     */
    record Fault(String name, Step prepare, Step inject, String knownIssue) {
        Fault(String name, Step prepare, Step inject) {
            this(name, prepare, inject, null);
        }
    }

    /** A step that describes what it did, for the report. */
    @FunctionalInterface
    interface Step {
        String run() throws Exception;
    }

    private static final Duration OUTAGE = Duration.ofSeconds(20);
    private static final Duration PAUSE = Duration.ofSeconds(10);
    private static final Duration TASKS_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    private final FerryClusters clusters;
    private final String mirror;
    private final String checkpoints;
    private final String mirrorConsumerClientId;
    private final Path childLogs;
    private ChildConnectWorker child;
    private int childrenStarted;

    SoakFaults(FerryClusters clusters, String mirror, String checkpoints, String mirrorConsumerClientId, Path childLogs) {
        this.clusters = clusters;
        this.mirror = mirror;
        this.checkpoints = checkpoints;
        this.mirrorConsumerClientId = mirrorConsumerClientId;
        this.childLogs = childLogs;
    }

    /** Starts the first worker in a child JVM. */
    void startChildWorker() {
        childrenStarted++;
        child = ChildConnectWorker.start(clusters.joiningWorkerProps(), childLogs.resolve("child-" + childrenStarted));
    }

    /** @return the whole schedule, in the order it cycles */
    List<Fault> all() {
        return List.of(
            new Fault("worker SIGKILL + replacement", this::awaitChildHoldingTasks, this::killChildAndReplaceIt),
            new Fault("target brokers down 20 s", () -> "", this::targetDown),
            new Fault("graceful worker join + leave", () -> "", this::joinAndLeave),
            new Fault("source brokers down 20 s", () -> "", this::sourceDown),
            new Fault("mirror pause/resume", () -> "", this::pauseAndResume),
            new Fault("checkpoint connector restart", () -> "", this::restartCheckpoints),
            // the broker's throttle outlasts the quota; the task reopens its consumer after 20 s of it (FetchThrottleWatch)
            new Fault("fetch stall 20 s (quota)", () -> "", this::fetchStall));
    }

    private String awaitChildHoldingTasks() {
        ChildConnectWorker current = child;
        try {
            List<String> tasks = Waits.untilValue(current + " to run tasks of '" + mirror + "'", TASKS_TIMEOUT,
                () -> current.isAlive() ? tasksOutside(inJvmWorkers()) : List.of(), held -> !held.isEmpty());
            return "child ran " + tasks;
        } catch (AssertionError noTasks) {
            return "child held no task of the mirror after " + TASKS_TIMEOUT.toSeconds() + " s (alive: " + current.isAlive() + ")";
        }
    }

    private String killChildAndReplaceIt() {
        ChildConnectWorker killed = child;
        killed.kill();
        startChildWorker();
        return "SIGKILL pid " + killed.pid() + "; replacement " + child.pid() + " started";
    }

    private String targetDown() {
        long down = System.nanoTime();
        clusters.target().stopOnlyBrokers();
        try {
            Waits.until("20 s of target outage", OUTAGE.plusSeconds(30), () -> elapsed(down).compareTo(OUTAGE) >= 0);
        } finally {
            clusters.target().restartOnlyBrokers();
        }
        return "target broker stopped and restarted (Connect's own cluster)";
    }

    private String sourceDown() {
        long down = System.nanoTime();
        clusters.source().stopOnlyBrokers();
        try {
            Waits.until("20 s of source outage", OUTAGE.plusSeconds(30), () -> elapsed(down).compareTo(OUTAGE) >= 0);
        } finally {
            clusters.source().restartOnlyBrokers();
        }
        return "source broker stopped and restarted; producer kept sending into its buffer";
    }

    private String joinAndLeave() {
        Set<String> before = inJvmWorkers();
        WorkerHandle joined = clusters.connect().addWorker();
        String joinedId = joined.url().getHost() + ":" + joined.url().getPort();
        String held;
        try {
            List<String> tasks = Waits.untilValue("the joined worker " + joinedId + " to run tasks", JOIN_TIMEOUT,
                () -> tasksOn(joinedId), list -> !list.isEmpty());
            held = "joined worker ran " + tasks;
        } catch (AssertionError noTasks) {
            held = "joined worker got no task within " + JOIN_TIMEOUT.toSeconds() + " s";
        }
        clusters.connect().removeWorker(joined);
        Waits.until("the joined worker to leave", Duration.ofSeconds(60),
            () -> clusters.connect().workers().size() == before.size());
        return held + ", then left gracefully";
    }

    private String pauseAndResume() {
        clusters.connect().pauseConnector(mirror);
        Waits.until("'" + mirror + "' and its tasks PAUSED", Duration.ofSeconds(60), () -> {
            ConnectorStateInfo status = clusters.connect().connectorStatus(mirror);
            return "PAUSED".equals(status.connector().state()) && !status.tasks().isEmpty()
                && status.tasks().stream().allMatch(task -> "PAUSED".equals(task.state()));
        });
        long paused = System.nanoTime();
        Waits.until("10 s paused", PAUSE.plusSeconds(30), () -> elapsed(paused).compareTo(PAUSE) >= 0);
        clusters.connect().resumeConnector(mirror);
        return "paused for 10 s once every task reported PAUSED";
    }

    private String restartCheckpoints() {
        clusters.connect().restartConnectorAndTasks(checkpoints, false, true, false);
        return "connector and task restarted through REST";
    }

    private String fetchStall() throws Exception {
        ClientQuotaEntity client = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, mirrorConsumerClientId));
        setFetchQuota(client, 1.0);
        long stalled = System.nanoTime();
        try {
            Waits.until("20 s of stalled fetches", OUTAGE.plusSeconds(30), () -> elapsed(stalled).compareTo(OUTAGE) >= 0);
        } finally {
            setFetchQuota(client, null);
        }
        return "1 byte/s fetch quota on client id " + mirrorConsumerClientId + ", then removed";
    }

    private void setFetchQuota(ClientQuotaEntity client, Double bytesPerSecond) throws Exception {
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(client,
                List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", bytesPerSecond))))).all().get(30, TimeUnit.SECONDS);
            Waits.until("the source broker to " + (bytesPerSecond == null ? "drop" : "apply") + " the quota of " + client,
                Duration.ofSeconds(30), () -> {
                    Map<String, Double> applied = admin.describeClientQuotas(ClientQuotaFilter.all()).entities()
                        .get(10, TimeUnit.SECONDS).getOrDefault(client, Map.of());
                    return bytesPerSecond == null ? !applied.containsKey("consumer_byte_rate")
                        : bytesPerSecond.equals(applied.get("consumer_byte_rate"));
                });
        }
    }

    /** Whether the mirror runs {@code mirrorTasks} tasks and the checkpoint connector its one, all RUNNING. */
    boolean connectorsRunning(int mirrorTasks) {
        return allRunning(clusters.connect().connectorStatus(mirror), mirrorTasks)
            && allRunning(clusters.connect().connectorStatus(checkpoints), 1);
    }

    /** Both connectors' states and each task's, with its worker and the first line of a failure, for messages. */
    String describeConnectors() {
        return describe(mirror) + "; " + describe(checkpoints);
    }

    private String describe(String connector) {
        ConnectorStateInfo status = clusters.connect().connectorStatus(connector);
        return connector + " " + status.connector().state() + ", tasks " + status.tasks().stream()
            .map(task -> task.id() + ":" + task.state() + "@" + task.workerId()
                + (task.trace() == null ? "" : " (" + task.trace().lines().findFirst().orElse("") + ")"))
            .toList();
    }

    private static boolean allRunning(ConnectorStateInfo status, int tasks) {
        return "RUNNING".equals(status.connector().state()) && status.tasks().size() == tasks
            && status.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
    }

    private Set<String> inJvmWorkers() {
        return clusters.connect().workers().stream()
            .map(worker -> worker.url().getHost() + ":" + worker.url().getPort())
            .collect(Collectors.toSet());
    }

    private List<String> tasksOutside(Set<String> workers) {
        return clusters.connect().connectorStatus(mirror).tasks().stream()
            .filter(task -> !workers.contains(task.workerId()))
            .map(task -> "task " + task.id() + " " + task.state()).toList();
    }

    /** The tasks of either connector running on {@code worker}. */
    private List<String> tasksOn(String worker) {
        List<String> held = new java.util.ArrayList<>();
        for (String connector : List.of(mirror, checkpoints)) {
            clusters.connect().connectorStatus(connector).tasks().stream()
                .filter(task -> worker.equals(task.workerId()))
                .forEach(task -> held.add(connector + " task " + task.id() + " " + task.state()));
        }
        return held;
    }

    private static Duration elapsed(long sinceNanos) {
        return Duration.ofNanos(System.nanoTime() - sinceNanos);
    }

    @Override
    public void close() {
        if (child != null) {
            child.close();
        }
    }
}
