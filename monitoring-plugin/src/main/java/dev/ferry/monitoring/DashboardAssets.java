package dev.ferry.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's static files, served from the classpath under {@value #ROOT}. Only the file names listed here
 * are served, so no request path can reach any other resource of the worker.
 */
final class DashboardAssets {

    static final String ROOT = "dev/ferry/monitoring/dashboard/";
    static final String INDEX = "index.html";

    /** File name to content type: the whole allow-list. */
    static final Map<String, String> FILES = Map.of(
        INDEX, "text/html; charset=utf-8",
        "dashboard.js", "text/javascript; charset=utf-8",
        "dashboard.css", "text/css; charset=utf-8");

    /**
     * @param name    a file name
     * @param content its bytes
     * @param type    its content type
     */
    record Asset(String name, byte[] content, String type) {
    }

    private final ClassLoader loader;

    DashboardAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** Whether {@code name} is one of the dashboard's files (it may still be missing from the build). */
    static boolean known(String name) {
        return name != null && FILES.containsKey(name);
    }

    /**
     * @return the file, or empty when {@code name} is not on the allow-list or the file is not in this build
     * @throws IOException if the file exists but cannot be read
     */
    Optional<Asset> find(String name) throws IOException {
        if (!known(name)) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new Asset(name, in.readAllBytes(), FILES.get(name)));
        }
    }
}
