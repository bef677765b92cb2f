package dev.ferry.bench;

/**
 * What a benchmark run copies, read from system properties so one command line reproduces a table.
 *
 * @param records      pre-loaded records ({@code -Dbench.records}, default 1,000,000)
 * @param partitions   partitions of the source topic ({@code -Dbench.partitions}, default 8)
 * @param valueBytes   bytes per record value ({@code -Dbench.valueBytes}, default 500)
 * @param rounds       measured rounds after one warm-up round ({@code -Dbench.rounds}, default 3)
 */
record BenchSettings(long records, int partitions, int valueBytes, int rounds) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(Long.getLong("bench.records", 1_000_000), Integer.getInteger("bench.partitions", 8),
            Integer.getInteger("bench.valueBytes", 500), Integer.getInteger("bench.rounds", 3));
    }
}
