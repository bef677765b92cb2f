package dev.ferry.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A properties file of credentials read by Connect's {@code FileConfigProvider}, as users are told to keep
 * secrets out of connector configs: {@link #externalize} moves every credential value of a connector's settings
 * into the file and leaves a {@code ${file:<path>:<key>}} placeholder in its place.
 */
final class ProviderSecrets {

    /** The provider name the worker registers ({@code config.providers=file}). */
    static final String PROVIDER = "file";

    private final Path file;
    private final Properties secrets = new Properties();

    private ProviderSecrets(Path file) {
        this.file = file;
    }

    /** A new, empty secrets file {@code name} in {@code dir} (created if missing). */
    static ProviderSecrets in(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            return new ProviderSecrets(dir.resolve(name).toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Worker settings registering the provider, allowed to read only files in this file's directory. */
    Map<String, String> workerProps() {
        return Map.of(
            "config.providers", PROVIDER,
            "config.providers." + PROVIDER + ".class", "org.apache.kafka.common.config.provider.FileConfigProvider",
            "config.providers." + PROVIDER + ".param.allowed.paths", file.getParent().toString());
    }

    /** Whether a client key holds a credential: every password-typed client key, and the JAAS login line. */
    static boolean isCredential(String key) {
        return key.endsWith(".password") || key.endsWith("sasl.jaas.config");
    }

    /**
     * Moves the credential values of {@code settings} into the file (under their own key) and returns the
     * settings with placeholders instead.
     */
    synchronized Map<String, String> externalize(Map<String, String> settings) {
        Map<String, String> withPlaceholders = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (isCredential(key)) {
                String previous = secrets.getProperty(key);
                String fileKey = previous == null || previous.equals(value) ? key : key + "." + secrets.size();
                secrets.setProperty(fileKey, value);
                withPlaceholders.put(key, placeholder(fileKey));
            } else {
                withPlaceholders.put(key, value);
            }
        });
        write();
        return withPlaceholders;
    }

    /** {@code ${file:<path>:<key>}} */
    String placeholder(String key) {
        return "${" + PROVIDER + ":" + file + ":" + key + "}";
    }

    private void write() {
        try (OutputStream out = Files.newOutputStream(file)) {
            secrets.store(out, "Ferry test credentials, read by FileConfigProvider");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
