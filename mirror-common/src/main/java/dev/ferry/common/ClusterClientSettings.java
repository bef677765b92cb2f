package dev.ferry.common;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Client settings for one cluster, taken from prefixed connector settings.
 *
 * <p>For a cluster named {@code source} (or {@code target}):
 * <ul>
 *   <li>{@code source.cluster.<key>}: connection and security settings shared by every client of
 *       that cluster ({@code bootstrap.servers}, {@code security.protocol}, {@code ssl.*},
 *       {@code sasl.*}, timeouts, ...). Only keys that all of the admin, consumer and producer
 *       clients understand are accepted here;</li>
 *   <li>{@code source.consumer.<key>}, {@code source.admin.<key>}, {@code source.producer.<key>}:
 *       settings for one kind of client, applied over the shared ones.</li>
 * </ul>
 * Keys under these prefixes that no client would use are reported by {@link #problems(Map)} rather
 * than dropped silently.
 */
public final class ClusterClientSettings {

    /** The kinds of client Ferry creates. */
    public enum Client {
        CONSUMER("consumer", ConsumerConfig.configNames()),
        ADMIN("admin", AdminClientConfig.configNames()),
        PRODUCER("producer", ProducerConfig.configNames());

        private final String prefixWord;
        private final Set<String> knownKeys;

        Client(String prefixWord, Set<String> knownKeys) {
            this.prefixWord = prefixWord;
            this.knownKeys = knownKeys;
        }

        /** The word of the prefix, as in {@code source.consumer.}. */
        public String prefixWord() {
            return prefixWord;
        }
    }

    /** Client keys valid for every client: the ones allowed under {@code <cluster>.cluster.}. */
    public static final Set<String> SHARED_KEYS;
    /** Client keys holding credentials, declared as passwords under every prefix. */
    public static final Set<String> PASSWORD_KEYS;

    static {
        Set<String> shared = new TreeSet<>(ConsumerConfig.configNames());
        shared.retainAll(AdminClientConfig.configNames());
        shared.retainAll(ProducerConfig.configNames());
        // client.id names one client; sharing it would make clients of one cluster collide.
        shared.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        SHARED_KEYS = Collections.unmodifiableSet(shared);

        Set<String> passwords = new TreeSet<>();
        for (ConfigDef def : new ConfigDef[] {ConsumerConfig.configDef(), AdminClientConfig.configDef(), ProducerConfig.configDef()}) {
            def.configKeys().values().stream()
                .filter(key -> key.type == ConfigDef.Type.PASSWORD)
                .forEach(key -> passwords.add(key.name));
        }
        PASSWORD_KEYS = Collections.unmodifiableSet(passwords);
    }

    private final String cluster;

    /**
     * @param cluster the first word of the prefixes, {@code source} or {@code target}
     */
    public ClusterClientSettings(String cluster) {
        this.cluster = cluster;
    }

    /** {@code <cluster>.cluster.} */
    public String sharedPrefix() {
        return cluster + ".cluster.";
    }

    /** {@code <cluster>.<client>.} */
    public String prefix(Client client) {
        return cluster + "." + client.prefixWord + ".";
    }

    /**
     * The settings for one client: the shared keys, then that client's own keys over them.
     * Values are passed on as given (strings or {@code Password}s); nothing is logged.
     */
    public Map<String, Object> forClient(Map<String, ?> connectorSettings, Client client) {
        Map<String, Object> result = new HashMap<>();
        String shared = sharedPrefix();
        String own = prefix(client);
        connectorSettings.forEach((key, value) -> {
            if (key.startsWith(shared) && SHARED_KEYS.contains(key.substring(shared.length()))) {
                result.put(key.substring(shared.length()), value);
            }
        });
        connectorSettings.forEach((key, value) -> {
            if (key.startsWith(own)) {
                result.put(key.substring(own.length()), value);
            }
        });
        return result;
    }

    /**
     * Keys under this cluster's prefixes that no client would use, each with the reason, keyed by the
     * full connector key. Keys named in {@code declaredElsewhere} (like {@code source.cluster.alias})
     * are not client settings and are skipped.
     */
    public Map<String, String> problems(Map<String, ?> connectorSettings, Set<String> declaredElsewhere) {
        Map<String, String> problems = new HashMap<>();
        String shared = sharedPrefix();
        for (String key : connectorSettings.keySet()) {
            if (declaredElsewhere.contains(key)) {
                continue;
            }
            if (key.startsWith(shared)) {
                String clientKey = key.substring(shared.length());
                if (!SHARED_KEYS.contains(clientKey)) {
                    problems.put(key, sharedKeyProblem(clientKey));
                }
                continue;
            }
            for (Client client : Client.values()) {
                String own = prefix(client);
                if (key.startsWith(own) && !client.knownKeys.contains(key.substring(own.length()))) {
                    problems.put(key, "'" + key.substring(own.length()) + "' is not a " + client.prefixWord
                        + " setting, so " + key + " would be ignored");
                }
            }
        }
        return problems;
    }

    /**
     * The settings for one client from a parsed connector config: as {@link #forClient(Map, Client)}, with
     * password-typed values passed on as {@code Password} objects (clients accept them; they never print),
     * and {@code bootstrap.servers} from the connector's own bootstrap key.
     */
    public Map<String, Object> forClient(AbstractConfig config, java.util.List<String> bootstrapServers, Client client) {
        Map<String, Object> all = new HashMap<>(config.originals());
        config.values().forEach((key, value) -> {
            if (value != null && all.containsKey(key)) {
                all.put(key, value);
            }
        });
        Map<String, Object> settings = forClient(all, client);
        settings.put("bootstrap.servers", String.join(",", bootstrapServers));
        return settings;
    }

    /**
     * Declares every client credential key under every prefix of both clusters as a password, so
     * Connect masks it in validation answers and logs. The keys are documented together, not one by one.
     */
    public static void defineCredentials(ConfigDef def, String group) {
        for (String cluster : java.util.List.of("source", "target")) {
            ClusterClientSettings settings = new ClusterClientSettings(cluster);
            for (String key : PASSWORD_KEYS) {
                if (SHARED_KEYS.contains(key)) {
                    def.define(settings.sharedPrefix() + key, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.LOW,
                        "Credential '" + key + "' for every client of the " + cluster + " cluster (masked in Connect's answers "
                            + "and logs; prefer a ConfigProvider placeholder).",
                        group, -1, ConfigDef.Width.NONE, settings.sharedPrefix() + key);
                }
                for (Client client : Client.values()) {
                    def.define(settings.prefix(client) + key, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.LOW,
                        "Credential '" + key + "' for the " + cluster + " " + client.prefixWord() + " only.",
                        group, -1, ConfigDef.Width.NONE, settings.prefix(client) + key);
                }
            }
        }
    }

    /** Problems of keys under either cluster's prefixes that no client would use, keyed by connector key. */
    public static Map<String, String> ignoredKeys(Map<String, String> props, Set<String> declaredElsewhere) {
        Map<String, String> problems = new HashMap<>();
        problems.putAll(new ClusterClientSettings("source").problems(props, declaredElsewhere));
        problems.putAll(new ClusterClientSettings("target").problems(props, declaredElsewhere));
        return problems;
    }

    private String sharedKeyProblem(String clientKey) {
        Optional<Client> owner = java.util.Arrays.stream(Client.values())
            .filter(client -> client.knownKeys.contains(clientKey))
            .findFirst();
        if (owner.isPresent()) {
            return "'" + clientKey + "' is not shared by every client of the " + cluster + " cluster, so "
                + sharedPrefix() + clientKey + " would be ignored; set it for one client as "
                + prefix(owner.get()) + clientKey;
        }
        return "'" + clientKey + "' is not a Kafka client setting, so " + sharedPrefix() + clientKey + " would be ignored";
    }
}
