package dev.ferry.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the runbooks are read for {@link RunbooksIT}: variables, steps, and no untested command. */
class RunbookTest {

    private static final Path RUNBOOKS = Path.of("..", "config-examples", "runbooks");

    @Test
    void readsVariablesAndStepsWithTheirCommands() {
        Runbook runbook = Runbook.parse("sample.md", List.of(
            "# Sample", "", "## Variables", "```bash",
            "export CONNECT_URL=http://connect:8083   # the REST API",
            "export GROUP='billing|shipping'", "```",
            "## Steps", "### 1. Look", "Some prose.", "```bash", "curl -s \"$CONNECT_URL\"", "```",
            "```bash", "echo second block", "```",
            "### 2. Stop the producers", "Your deployment does it.",
            "## Notes", "Nothing to run here."));
        assertEquals(Map.of("CONNECT_URL", "http://connect:8083", "GROUP", "'billing|shipping'"), runbook.variables());
        assertEquals(2, runbook.steps().size());
        assertEquals("1. Look", runbook.steps().get(0).title());
        assertEquals("curl -s \"$CONNECT_URL\"\necho second block\n", runbook.steps().get(0).commands());
        assertFalse(runbook.steps().get(1).isCommand());
        assertEquals("Stop the producers", RunbookRunner.withoutNumber(runbook.steps().get(1).title()));
    }

    @Test
    void refusesACommandOutsideTheStepsAndVariablesThatAreNotExports() {
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> Runbook.parse("bad.md", List.of(
            "## Variables", "```bash", "export A=1", "```", "## Notes", "```bash", "rm -rf /tmp/x", "```")));
        assertTrue(outside.getMessage().contains("bad.md line 6"), outside.getMessage());
        IllegalArgumentException notExport = assertThrows(IllegalArgumentException.class, () -> Runbook.parse("bad.md", List.of(
            "## Variables", "```bash", "A=1", "```", "## Steps", "### 1. X", "```bash", "true", "```")));
        assertTrue(notExport.getMessage().contains("'export NAME=value'"), notExport.getMessage());
    }

    @Test
    void everyRunbookOfTheExamplesReadsWithVariablesAndCommands() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(RUNBOOKS)) {
            files = list.filter(file -> !file.getFileName().toString().equals("README.md"))
                .filter(file -> file.toString().endsWith(".md")).sorted().toList();
        }
        assertEquals(List.of("add-cluster.md", "add-topic.md", "failback.md", "planned-failover.md", "unplanned-failover.md"),
            files.stream().map(file -> file.getFileName().toString()).toList());
        for (Path file : files) {
            Runbook runbook = Runbook.read(file);
            assertTrue(runbook.variables().containsKey("CONNECT_URL"), file + " sets CONNECT_URL");
            assertTrue(runbook.steps().stream().filter(Runbook.Step::isCommand).count() >= 3, file + " has commands");
        }
    }
}
