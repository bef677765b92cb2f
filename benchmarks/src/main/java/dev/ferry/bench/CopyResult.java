package dev.ferry.bench;

/** One contender's copy of the pre-loaded topic: wall time and the whole process's CPU time spent meanwhile. */
record CopyResult(double seconds, double cpuSeconds) {

    double recordsPerSecond(long records) {
        return records / seconds;
    }

    double cpuSecondsPerMillion(long records) {
        return cpuSeconds / (records / 1e6);
    }
}
