package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryPluginPathTest {

    private static final String HINT = "build the plugin first: mvn -pl distribution -am package";

    @TempDir
    Path dir;

    @Test
    void missingPropertyTellsHowToBuildThePlugin() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FerryPluginPath.fromProperty(null));

        assertTrue(e.getMessage().contains("ferry.plugin.path is not set"), e.getMessage());
        assertTrue(e.getMessage().contains(HINT), e.getMessage());
    }

    @Test
    void directoryWithoutPluginJarIsRejected() throws IOException {
        Files.createFile(dir.resolve("loose.jar")); // a jar must be inside a plugin's own directory
        Files.createDirectory(dir.resolve("empty-plugin"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FerryPluginPath.fromProperty(dir.toString()));

        assertTrue(e.getMessage().contains("holds no <plugin>/*.jar"), e.getMessage());
        assertTrue(e.getMessage().contains(HINT), e.getMessage());
    }

    @Test
    void directoryWithPluginJarIsAccepted() throws IOException {
        Files.createDirectories(dir.resolve("ferry"));
        Files.createFile(dir.resolve("ferry/ferry-mirror.jar"));

        assertEquals(dir.toAbsolutePath().normalize(), FerryPluginPath.fromProperty(dir.toString()));
    }

    @Test
    void builderFailsFastOnABadPluginDirectory() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FerryClusters.builder().pluginPath(dir.resolve("absent")).build());

        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FerryClusters.builder().workers(4));
    }
}
