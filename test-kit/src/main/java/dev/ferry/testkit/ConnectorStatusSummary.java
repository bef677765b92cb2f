package dev.ferry.testkit;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;

/**
 * A readable digest of a connector's REST status (the REST entities have no useful toString), and
 * the decisions {@code awaitConnectorRunning} makes on it.
 */
record ConnectorStatusSummary(String connectorState, List<TaskSummary> tasks, Optional<String> failure) {

    private static final String RUNNING = "RUNNING";
    private static final String FAILED = "FAILED";

    /** One task's id, state and worker. */
    record TaskSummary(int id, String state, String workerId) {
        @Override
        public String toString() {
            return id + "=" + state + "@" + workerId;
        }
    }

    static ConnectorStatusSummary of(ConnectorStateInfo info) {
        List<TaskSummary> tasks = info.tasks().stream()
                .sorted(Comparator.comparingInt(ConnectorStateInfo.TaskState::id))
                .map(t -> new TaskSummary(t.id(), t.state(), t.workerId()))
                .toList();
        Optional<String> failure = Optional.empty();
        if (FAILED.equals(info.connector().state())) {
            failure = Optional.of("connector " + info.name() + " FAILED on " + info.connector().workerId() + ":\n"
                    + info.connector().trace());
        } else {
            failure = info.tasks().stream()
                    .filter(t -> FAILED.equals(t.state()))
                    .findFirst()
                    .map(t -> "task " + info.name() + "-" + t.id() + " FAILED on " + t.workerId() + ":\n" + t.trace());
        }
        return new ConnectorStatusSummary(info.connector().state(), tasks, failure);
    }

    /** @return whether the connector and exactly {@code numTasks} tasks are all RUNNING */
    boolean runningWith(int numTasks) {
        return RUNNING.equals(connectorState) && tasks.size() == numTasks
                && tasks.stream().allMatch(t -> RUNNING.equals(t.state()));
    }

    @Override
    public String toString() {
        return "connector " + connectorState + ", " + tasks.size() + " tasks ["
                + tasks.stream().map(TaskSummary::toString).collect(Collectors.joining(", ")) + "]";
    }
}
