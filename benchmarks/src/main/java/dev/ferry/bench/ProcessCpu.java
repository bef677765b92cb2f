package dev.ferry.bench;

import java.lang.management.ManagementFactory;

/** CPU time of this whole process (brokers, worker and clients all run in it). */
final class ProcessCpu {

    private ProcessCpu() {
    }

    static long nanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
