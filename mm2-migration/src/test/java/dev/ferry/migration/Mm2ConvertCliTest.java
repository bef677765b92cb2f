package dev.ferry.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Mm2ConvertCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Mm2ConvertCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path write(Properties properties) throws IOException {
        Path file = dir.resolve("mm2.properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, null);
        }
        return file;
    }

    @Test
    void writesOneJsonPerConnectorAndCredentialsToAPrivateFile() throws IOException {
        Path input = write(Mm2ConverterTest.realistic());
        Path output = dir.resolve("out");
        assertEquals(0, run("--input", input.toString(), "--output-dir", output.toString(),
            "--worker-secrets-path", "/etc/ferry/mm2-secrets.properties"), err.toString());

        JsonNode mirror = new ObjectMapper().readTree(output.resolve("mirror-dc1-to-dc2.json").toFile());
        assertEquals("mirror-dc1-to-dc2", mirror.get("name").asText());
        assertEquals("${file:/etc/ferry/mm2-secrets.properties:mirror-dc1-to-dc2.source.cluster.sasl.jaas.config}",
            mirror.get("config").get("source.cluster.sasl.jaas.config").asText());
        assertTrue(Files.exists(output.resolve("checkpoints-dc1-to-dc2.json")));
        assertTrue(Files.exists(output.resolve("mirror-dc2-to-dc1.json")));
        assertFalse(Files.exists(output.resolve("checkpoints-dc2-to-dc1.json")));

        Path secrets = output.resolve("ferry-secrets.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
        Properties stored = new Properties();
        try (var reader = Files.newBufferedReader(secrets)) {
            stored.load(reader);
        }
        assertTrue(stored.getProperty("mirror-dc1-to-dc2.source.cluster.sasl.jaas.config").contains("dc1-secret-456"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("note: dc1->dc2: offset.lag.max not carried over"), printed);
        assertFalse(printed.contains("dc1-secret-456"), "a credential was printed");
    }

    @Test
    void refusesUnconvertibleFilesWritingNothingAndNamingEveryKey() throws IOException {
        Properties properties = Mm2ConverterTest.realistic();
        properties.setProperty("dc1->dc2.topics.exclued", ".*-test");
        Path output = dir.resolve("refused");
        assertEquals(1, run("--input", write(properties).toString(), "--output-dir", output.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("dc1->dc2.topics.exclued"), err.toString());
        assertFalse(Files.exists(output), "nothing may be written when the file is refused");

        assertEquals(0, run("--input", write(properties).toString(), "--output-dir", output.toString(), "--ignore-unknown"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("left out: dc1->dc2.topics.exclued"), out.toString());
    }

    @Test
    void usageAndUnreadableInputHaveTheirOwnExitCodes() {
        assertEquals(2, run("--input"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage: ferry-mm2-convert"));
        assertEquals(2, run("--output-dir", "x"));
        assertEquals(3, run("--input", dir.resolve("missing.properties").toString(), "--output-dir", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read"));
    }
}
