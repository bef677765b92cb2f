package dev.ferry.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DR runbook of {@code config-examples/runbooks/} as the test reads it: the variables its {@code ## Variables}
 * block exports, and the steps of its {@code ## Steps} section ({@code ### N. Title} headings), each with the
 * commands of its {@code ```bash} blocks. A step without commands is something people or applications do.
 * A {@code ```bash} block anywhere else is refused, so every command a runbook shows is one the test runs.
 */
record Runbook(String name, Map<String, String> variables, List<Step> steps) {

    private static final Pattern EXPORT = Pattern.compile("^export ([A-Z][A-Z0-9_]*)=(.*?)(\\s+#.*)?$");
    private static final Pattern STEP = Pattern.compile("^### (\\d+\\. .+)$");

    /** One step: its heading (e.g. {@code 3. Stop the producers on east}) and its commands (empty: not a command). */
    record Step(String title, String commands) {
        boolean isCommand() {
            return !commands.isBlank();
        }
    }

    static Runbook read(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read runbook " + file, e);
        }
    }

    static Runbook parse(String name, List<String> lines) {
        Map<String, String> variables = new LinkedHashMap<>();
        List<Step> steps = new ArrayList<>();
        String section = "";
        String stepTitle = null;
        StringBuilder stepCommands = new StringBuilder();
        StringBuilder block = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (block != null) {
                if (line.startsWith("```")) {
                    if (section.equals("Variables")) {
                        readVariables(name, block.toString(), variables);
                    } else if (stepTitle != null) {
                        stepCommands.append(block);
                    }
                    block = null;
                } else {
                    block.append(line).append('\n');
                }
                continue;
            }
            if (line.startsWith("```bash")) {
                if (!section.equals("Variables") && (!section.equals("Steps") || stepTitle == null)) {
                    throw new IllegalArgumentException(name + " line " + (i + 1) + ": a bash block outside the Variables "
                        + "block and the steps (section '" + section + "'); every command of a runbook must be a tested step");
                }
                block = new StringBuilder();
            } else if (line.startsWith("## ")) {
                if (stepTitle != null) {
                    steps.add(new Step(stepTitle, stepCommands.toString()));
                    stepTitle = null;
                }
                section = line.substring(3).trim();
            } else if (section.equals("Steps") && STEP.matcher(line).matches()) {
                if (stepTitle != null) {
                    steps.add(new Step(stepTitle, stepCommands.toString()));
                }
                Matcher title = STEP.matcher(line);
                title.matches();
                stepTitle = title.group(1).trim();
                stepCommands = new StringBuilder();
            }
        }
        if (block != null) {
            throw new IllegalArgumentException(name + ": a bash block is not closed");
        }
        if (stepTitle != null) {
            steps.add(new Step(stepTitle, stepCommands.toString()));
        }
        if (variables.isEmpty() || steps.isEmpty()) {
            throw new IllegalArgumentException(name + " needs a '## Variables' block and '### N. Title' steps under '## Steps'");
        }
        return new Runbook(name, variables, steps);
    }

    private static void readVariables(String name, String block, Map<String, String> variables) {
        for (String line : block.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher export = EXPORT.matcher(line.trim());
            if (!export.matches()) {
                throw new IllegalArgumentException(name + ": the Variables block holds only 'export NAME=value' lines, not: " + line);
            }
            variables.put(export.group(1), export.group(2));
        }
    }
}
