package dev.ferry.offsets.failover;

import java.util.List;

/**
 * The failover plan of one consumer group.
 *
 * @param group           the consumer group
 * @param stateOnTarget   the group's state on the target cluster (e.g. EMPTY, STABLE, DEAD when unknown there)
 * @param activeOnTarget  whether the group has members on the target: applying would change offsets under them
 * @param rows            one row per partition, sorted by topic and partition
 */
public record GroupPlan(String group, String stateOnTarget, boolean activeOnTarget, List<PlanRow> rows) {

    /** The oldest checkpoint of the group, in milliseconds. */
    public long oldestCheckpointAgeMs() {
        return rows.stream().mapToLong(PlanRow::checkpointAgeMs).max().orElse(0);
    }
}
