package dev.ferry.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The soak's figures, collected as it runs and written as a Markdown summary at the end. */
final class SoakReport {

    /**
     * One fault injected: when it began and ended, when the mirror had caught up again (null if it did not by
     * itself), the highest lag sampled meanwhile, and what happened on the way.
     */
    record FaultOutcome(int number, String fault, Instant start, Instant end, Instant recovered, long maxLag,
                        String notes) {

        Duration faultDuration() {
            return Duration.between(start, end);
        }

        boolean recoveredByItself() {
            return recovered != null;
        }
    }

    /** The oracle's verdict on one topic. */
    record TopicOutcome(String topic, long produced, long copies, long lost, long duplicated, long outOfOrder,
                        long mismatched) {
    }

    private final Instant start = Instant.now();
    private Instant end;
    private final Map<String, String> setup = new LinkedHashMap<>();
    private final List<FaultOutcome> faults = new ArrayList<>();
    private final List<TopicOutcome> topics = new ArrayList<>();
    private final Map<String, String> figures = new LinkedHashMap<>();

    Instant start() {
        return start;
    }

    void setup(String what, Object value) {
        setup.put(what, String.valueOf(value));
    }

    void fault(FaultOutcome outcome) {
        faults.add(outcome);
    }

    List<FaultOutcome> faults() {
        return List.copyOf(faults);
    }

    void topic(TopicOutcome outcome) {
        topics.add(outcome);
    }

    /** A named figure of the end checks (failover, checkpoints, heap...). */
    void figure(String what, Object value) {
        figures.put(what, String.valueOf(value));
    }

    void finish() {
        end = Instant.now();
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Ferry soak report\n\n");
        Instant finished = end == null ? Instant.now() : end;
        md.append("- Start: ").append(start.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        md.append("- End: ").append(finished.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        md.append("- Duration: ").append(seconds(Duration.between(start, finished))).append('\n');
        setup.forEach((what, value) -> md.append("- ").append(what).append(": ").append(value).append('\n'));

        md.append("\n## Faults\n\nRecovery: from the end of the fault until the mirror had copied every record produced before")
            .append(" that moment (each partition's next offset to copy, as its task last reported it, at or past the source log end")
            .append(" taken when the fault ended), with the mirror and checkpoint connectors and all their tasks RUNNING. Max lag: the highest total lag sampled (source log end minus reported next offset,")
            .append(" summed over partitions, every 0.5 s) from the start of the fault to its recovery.\n\n")
            .append("| # | fault | start (s into run) | fault lasted | recovery | max lag (records) | notes |\n")
            .append("|---|---|---|---|---|---|---|\n");
        for (FaultOutcome f : faults) {
            md.append("| ").append(f.number()).append(" | ").append(f.fault())
                .append(" | ").append(Duration.between(start, f.start()).toSeconds())
                .append(" | ").append(seconds(f.faultDuration()))
                .append(" | ").append(f.recoveredByItself() ? seconds(Duration.between(f.end(), f.recovered())) : "NOT RECOVERED")
                .append(" | ").append(f.maxLag() < 0 ? "n/a" : Long.toString(f.maxLag()))
                .append(" | ").append(f.notes().replace("|", "/")).append(" |\n");
        }

        md.append("\n## Oracle (after production stopped and the mirror drained)\n\n")
            .append("| topic | produced | copies on target | lost | duplicated | out of order | mismatched |\n")
            .append("|---|---|---|---|---|---|---|\n");
        for (TopicOutcome t : topics) {
            md.append("| ").append(t.topic()).append(" | ").append(t.produced()).append(" | ").append(t.copies())
                .append(" | ").append(t.lost()).append(" | ").append(t.duplicated()).append(" | ").append(t.outOfOrder())
                .append(" | ").append(t.mismatched()).append(" |\n");
        }
        md.append("| **total** | ").append(sum(TopicOutcome::produced)).append(" | ").append(sum(TopicOutcome::copies))
            .append(" | ").append(sum(TopicOutcome::lost)).append(" | ").append(sum(TopicOutcome::duplicated))
            .append(" | ").append(sum(TopicOutcome::outOfOrder)).append(" | ").append(sum(TopicOutcome::mismatched)).append(" |\n");

        md.append("\n## Failover, checkpoints, memory\n\n");
        figures.forEach((what, value) -> md.append("- ").append(what).append(": ").append(value).append('\n'));
        return md.toString();
    }

    long sum(java.util.function.ToLongFunction<TopicOutcome> figure) {
        return topics.stream().mapToLong(figure).sum();
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the soak report " + file.toAbsolutePath(), e);
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
