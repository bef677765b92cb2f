package dev.ferry.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds the built Ferry plugin directory that integration tests load through {@code plugin.path},
 * as users do, and refuses to start without one: a worker with an empty plugin path starts fine and
 * only fails much later with "Failed to find any class that implements Connector".
 */
final class FerryPluginPath {

    /** System property naming the plugin.path directory (set by the build for integration tests). */
    static final String PROPERTY = "ferry.plugin.path";
    static final String HOW_TO_BUILD = "build the plugin first: mvn -pl distribution -am package";

    private FerryPluginPath() {
    }

    /** @return the directory named by {@value #PROPERTY}, validated by {@link #validate(Path)} */
    static Path fromSystemProperty() {
        return fromProperty(System.getProperty(PROPERTY));
    }

    static Path fromProperty(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + PROPERTY + " is not set, so there is no Ferry plugin "
                    + "directory to put on the workers' plugin.path; " + HOW_TO_BUILD
                    + " and run the tests with -D" + PROPERTY + "=<plugin directory>");
        }
        return validate(Path.of(value));
    }

    /**
     * @param dir a plugin.path directory
     * @return its absolute form
     * @throws IllegalStateException unless it is a directory holding at least one {@code <plugin>/<something>.jar}
     */
    static Path validate(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new IllegalStateException("Ferry plugin directory " + absolute + " (" + PROPERTY + ") does not exist; "
                    + HOW_TO_BUILD);
        }
        if (!hasPluginJar(absolute)) {
            throw new IllegalStateException("Ferry plugin directory " + absolute + " (" + PROPERTY + ") holds no "
                    + "<plugin>/*.jar; " + HOW_TO_BUILD);
        }
        return absolute;
    }

    private static boolean hasPluginJar(Path dir) {
        try (Stream<Path> plugins = Files.list(dir)) {
            return plugins.filter(Files::isDirectory).anyMatch(FerryPluginPath::containsJar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static boolean containsJar(Path pluginDir) {
        try (Stream<Path> files = Files.list(pluginDir)) {
            return files.anyMatch(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pluginDir, e);
        }
    }
}
