package dev.ferry.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuickstartOptionsTest {

    @Test
    void withoutFlagsItStartsLocalClustersOnPort8083UntilStopped() {
        QuickstartOptions options = QuickstartOptions.parse(List.of());
        assertTrue(options.local());
        assertEquals(8083, options.restPort());
        assertEquals(0, options.runSeconds());
        assertEquals("orders|payments", options.topics());
    }

    @Test
    void bothBootstrapFlagsPointItAtExistingClusters() {
        QuickstartOptions options = QuickstartOptions.parse(List.of("--source-bootstrap", "east:9092", "--target-bootstrap",
            "west:9092", "--rest-port", "18083", "--run-seconds", "30", "--topics", "orders.*"));
        assertFalse(options.local());
        assertEquals(Optional.of("east:9092"), options.sourceBootstrap());
        assertEquals(Optional.of("west:9092"), options.targetBootstrap());
        assertEquals(18083, options.restPort());
        assertEquals(30, options.runSeconds());
        assertEquals("orders.*", options.topics());
    }

    @Test
    void aConfigFileGivesTheSameSettingsAndClientSettingsAndFlagsWin(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("quickstart.properties");
        Files.writeString(file, String.join("\n", "source-bootstrap=east:9093", "target-bootstrap=west:9093", "rest-port=9000",
            "source.cluster.security.protocol=SASL_SSL", "worker.security.protocol=SSL", ""));
        QuickstartOptions options = QuickstartOptions.parse(List.of("--config", file.toString(), "--rest-port", "9001"));
        assertEquals(Optional.of("east:9093"), options.sourceBootstrap());
        assertEquals(9001, options.restPort());
        assertEquals(".*", options.topics());
        assertEquals(Map.of("source.cluster.security.protocol", "SASL_SSL"), options.connectorClientSettings());
        assertEquals(Map.of("security.protocol", "SSL"), options.workerSettings());
    }

    @Test
    void mistakesAreNamed(@TempDir Path dir) throws IOException {
        assertMessage("--target-bootstrap is missing", "--source-bootstrap", "east:9092");
        assertMessage("--source-bootstrap is missing", "--target-bootstrap", "west:9092");
        assertMessage("unknown argument '--port'", "--port", "1");
        assertMessage("--rest-port needs a value", "--rest-port");
        assertMessage("--rest-port must be between 1 and 65535: 70000", "--rest-port", "70000");
        assertMessage("--run-seconds must be a whole number: 'soon'", "--run-seconds", "soon");
        assertMessage("apply to existing clusters only", "--topics", "x");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "source.bootstrap.servers=east:9092\n");
        assertMessage("unknown key 'source.bootstrap.servers'", "--config", file.toString());
        assertMessage("cannot be read", "--config", dir.resolve("missing.properties").toString());
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuickstartOptions.parse(List.of(args)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
