package dev.ferry.migration;

import dev.ferry.common.ClusterClientSettings;

import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps credentials out of connector JSON: each password-type client setting is replaced by a
 * {@code ${file:<path>:<id>}} placeholder that Kafka's {@code FileConfigProvider} resolves on the
 * worker, and the value is collected for a separate properties file. Values that already are
 * ConfigProvider placeholders are left as they are.
 */
final class SecretPlaceholders {

    private final String workerPath;
    private final Map<String, String> secrets = new TreeMap<>();

    /**
     * @param workerPath where the secrets file will be on the Connect workers
     */
    SecretPlaceholders(String workerPath) {
        this.workerPath = workerPath;
    }

    String protect(String connectorName, String key, String value) {
        if (!isPassword(key) || value.contains("${")) {
            return value;
        }
        String id = connectorName + "." + key;
        secrets.put(id, value);
        return "${file:" + workerPath + ":" + id + "}";
    }

    private static boolean isPassword(String key) {
        int lastPrefix = key.indexOf('.', key.indexOf('.') + 1);
        String clientKey = lastPrefix < 0 ? key : key.substring(lastPrefix + 1);
        // producer.override.<key> has three words of prefix, source.cluster.<key> two
        if (key.startsWith("producer.override.")) {
            clientKey = key.substring("producer.override.".length());
        }
        return ClusterClientSettings.PASSWORD_KEYS.contains(clientKey);
    }

    /** The collected secrets, by placeholder id; empty when the file held none inline. */
    Map<String, String> secrets() {
        return secrets;
    }
}
