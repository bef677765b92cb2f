package dev.ferry.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Medians over the measured rounds, and the ratios the benchmarks issue sets targets for, each taken per round
 * (both contenders of a ratio ran in the same round, back to back) and then the median of those.
 */
final class ThroughputSummary {

    private final long records;
    private final Map<String, List<CopyResult>> byContender;

    ThroughputSummary(long records, Map<String, List<CopyResult>> byContender) {
        this.records = records;
        this.byContender = byContender;
    }

    void print(PrintStream out) {
        out.println();
        out.println("| system | median records/s | median CPU s / M records |");
        out.println("|---|---|---|");
        byContender.forEach((name, results) -> out.printf("| %s | %,.0f | %.2f |%n", name,
            median(results, result -> result.recordsPerSecond(records)), median(results, result -> result.cpuSecondsPerMillion(records))));
        out.println();
        out.println("| ratio (median of per-round ratios) | value |");
        out.println("|---|---|");
        throughputRatio(out, "ferry", "plain-loop");
        throughputRatio(out, "ferry", "mm2");
        throughputRatio(out, "mm2", "plain-loop");
        throughputRatio(out, "ferry", "mm2-tuned");
        throughputRatio(out, "ferry", "ferry-no-syncs");
        throughputRatio(out, "ferry", "ferry-no-progress");
        throughputRatio(out, "ferry", "ferry-bare");
        throughputRatio(out, "ferry-eos", "ferry");
        throughputRatio(out, "ferry-eos-poll", "ferry");
        throughputRatio(out, "ferry-untuned", "ferry");
        throughputRatio(out, "ferry-poll2000", "ferry-untuned");
        throughputRatio(out, "ferry-poll2000", "ferry");
        throughputRatio(out, "ferry-example", "ferry");
        throughputRatio(out, "ferry-example", "plain-loop");
        cpuRatio(out, "ferry", "mm2");
        cpuRatio(out, "ferry", "mm2-tuned");
        cpuRatio(out, "ferry", "plain-loop");
        cpuRatio(out, "ferry-eos", "ferry");
    }

    private void throughputRatio(PrintStream out, String numerator, String denominator) {
        ratio(out, "records/s " + numerator + " / " + denominator, numerator, denominator, result -> result.recordsPerSecond(records));
    }

    private void cpuRatio(PrintStream out, String numerator, String denominator) {
        ratio(out, "CPU per record " + numerator + " / " + denominator, numerator, denominator, result -> result.cpuSecondsPerMillion(records));
    }

    private void ratio(PrintStream out, String label, String numerator, String denominator, ToDoubleFunction<CopyResult> figure) {
        List<CopyResult> top = byContender.get(numerator);
        List<CopyResult> bottom = byContender.get(denominator);
        if (top == null || bottom == null || top.isEmpty()) {
            return;
        }
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < Math.min(top.size(), bottom.size()); round++) {
            ratios.add(figure.applyAsDouble(top.get(round)) / figure.applyAsDouble(bottom.get(round)));
        }
        out.printf("| %s | %.2f (rounds: %s) |%n", label, medianOf(ratios),
            ratios.stream().map(r -> String.format("%.2f", r)).toList());
    }

    private static double median(List<CopyResult> results, ToDoubleFunction<CopyResult> figure) {
        return medianOf(results.stream().map(figure::applyAsDouble).toList());
    }

    static double medianOf(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
