package dev.ferry.it;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Runbook} as an operator would: each command step with bash ({@code set -euo pipefail}), in a
 * working directory of its own, with the runbook's variables exported (values given by the test, never the
 * runbook's examples). Steps that are not commands are done by the test's hooks, named by the step's title
 * without its number. A step that fails fails the test, naming the runbook, the step and its output.
 */
final class RunbookRunner {

    private static final Logger log = LoggerFactory.getLogger(RunbookRunner.class);
    /** Longer than any wait a runbook step loops on (they give up after at most 3 minutes on their own). */
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(4);

    private final Path workDir;
    private final Map<String, String> values;
    private final Map<String, String> toolEnvironment;

    /**
     * @param workDir         where the steps run (each runbook in a folder of its own)
     * @param values          the variables' values for the test clusters
     * @param toolEnvironment further environment for the tools (JVM options), not runbook variables
     */
    RunbookRunner(Path workDir, Map<String, String> values, Map<String, String> toolEnvironment) {
        this.workDir = workDir;
        this.values = Map.copyOf(values);
        this.toolEnvironment = Map.copyOf(toolEnvironment);
    }

    /** The same runner with some variables' values replaced or added (e.g. the group a runbook moves). */
    RunbookRunner with(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(values);
        all.putAll(more);
        return new RunbookRunner(workDir, all, toolEnvironment);
    }

    /** What one run did: each command step's output and seconds, by title. */
    record Outcome(Map<String, String> outputs, Map<String, Double> seconds) {
        String output(String titleWithoutNumber) {
            return outputs.entrySet().stream().filter(e -> withoutNumber(e.getKey()).equals(titleWithoutNumber))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no command step '" + titleWithoutNumber + "' ran"));
        }
    }

    Outcome run(Runbook runbook, Map<String, Runnable> hooks) {
        Set<String> unused = new HashSet<>(hooks.keySet());
        for (Runbook.Step step : runbook.steps()) {
            unused.remove(withoutNumber(step.title()));
        }
        if (!unused.isEmpty()) {
            throw new AssertionError(runbook.name() + " has no step titled " + unused + " (renamed?)");
        }
        Map<String, String> environment = environment(runbook);
        Path dir = workDir.resolve(runbook.name().replace(".md", ""));
        Map<String, String> outputs = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Runbook.Step step : runbook.steps()) {
            Runnable hook = hooks.get(withoutNumber(step.title()));
            if (hook == null && !step.isCommand()) {
                throw new AssertionError(runbook.name() + " step '" + step.title() + "' is not a command and the test does not do it");
            }
            long start = System.nanoTime();
            if (hook != null) {
                log.info("{} step '{}': done by the test", runbook.name(), step.title());
                hook.run();
            }
            if (step.isCommand()) {
                outputs.put(step.title(), runStep(runbook, step, dir, environment));
            }
            seconds.put(step.title(), (System.nanoTime() - start) / 1e9);
        }
        log.info("{} ran: {}", runbook.name(), seconds);
        return new Outcome(outputs, seconds);
    }

    private Map<String, String> environment(Runbook runbook) {
        Map<String, String> environment = new HashMap<>(toolEnvironment);
        for (String variable : runbook.variables().keySet()) {
            String value = values.get(variable);
            if (value == null) {
                throw new AssertionError(runbook.name() + " declares " + variable + ", which the test gives no value");
            }
            environment.put(variable, value);
        }
        // the test JVM's Java first: the launchers call `java`
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        environment.put("PATH", javaBin + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", System.getProperty("user.home"));
        environment.put("LANG", "C.UTF-8");
        return environment;
    }

    private String runStep(Runbook runbook, Runbook.Step step, Path dir, Map<String, String> environment) {
        String where = runbook.name() + " step '" + step.title() + "'";
        Path output = dir.resolve("step-" + step.title().replaceAll("[^A-Za-z0-9]+", "-") + ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + step.commands())
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            log.info("{}: running\n{}", where, step.commands());
            Process process = builder.start();
            if (!process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(where + " did not end within " + STEP_TIMEOUT + ":\n" + tail(output));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            log.info("{}: exit {}\n{}", where, process.exitValue(), text);
            if (process.exitValue() != 0) {
                throw new AssertionError(where + " failed with exit code " + process.exitValue() + ":\n" + tail(output));
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(where + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(where + " interrupted", e);
        }
    }

    private static String tail(Path output) {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    static String withoutNumber(String title) {
        return title.replaceFirst("^\\d+\\.\\s*", "");
    }
}
