package dev.ferry.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Ferry's version, as built. Connectors report it to Connect. */
public final class FerryVersion {

    private static final String VERSION = load();

    private FerryVersion() {
    }

    /** The version string, e.g. {@code 0.1.0}. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = FerryVersion.class.getResourceAsStream("ferry-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Ferry's version", e);
        }
    }
}
