package dev.ferry.monitoring;

import java.util.Collection;

/** Health of a partition, and by roll-up of a topic or connector; declared from best to worst. */
public enum HealthStatus {
    OK, WARN, ERR, STALLED;

    /** The worst of the statuses, {@link #OK} when there are none. */
    public static HealthStatus worst(Collection<HealthStatus> statuses) {
        return statuses.stream().max(Enum::compareTo).orElse(OK);
    }
}
