package dev.ferry.common.config;

import dev.ferry.common.ClusterClientSettings;
import dev.ferry.common.OffsetSyncsTopics;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The multi-key checks every Ferry connector makes in {@code validate()}, each reported on the key to
 * change so that {@code PUT /connector-plugins/{type}/config/validate} shows it there.
 */
public final class ConnectorValidation {

    /** Source and target alias keys, the same in every Ferry connector. */
    public static final String SOURCE_ALIAS = "source.cluster.alias";
    public static final String TARGET_ALIAS = "target.cluster.alias";
    /** Offset-syncs keys, the same in the mirror and checkpoint connectors. */
    public static final String OFFSET_SYNCS_TOPIC = "offset-syncs.topic";
    public static final String OFFSET_SYNCS_LOCATION = "offset-syncs.topic.location";
    /** The converter that passes bytes through unchanged. */
    public static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private ConnectorValidation() {
    }

    /**
     * @param singleKeyChecks  the result of {@code ConfigDef.validate} for the connector's own definition
     * @param def              that definition
     * @param props            the connector config as submitted
     * @param converterKeys    Connect converter keys that must be the byte-array converter
     * @param converterReason  why, in the connector's words (ends the error message)
     * @param nonClientKeys    keys under client prefixes that are not client settings (e.g. the aliases)
     */
    public static Config check(Config singleKeyChecks, ConfigDef def, Map<String, String> props, List<String> converterKeys,
                               String converterReason, Set<String> nonClientKeys) {
        Map<String, ConfigValue> byName = singleKeyChecks.configValues().stream()
            .collect(Collectors.toMap(ConfigValue::name, Function.identity(), (a, b) -> a, HashMap::new));
        List<ConfigValue> extra = new ArrayList<>();

        // A class name that failed to load stays a String; Connect would then fail rendering the answer
        // (ClassCastException, HTTP 500) instead of showing the error, so drop the unusable value.
        def.configKeys().values().stream()
            .filter(key -> key.type == ConfigDef.Type.CLASS)
            .map(key -> byName.get(key.name))
            .filter(value -> value != null && value.value() != null && !(value.value() instanceof Class))
            .forEach(value -> value.value(null));

        String source = props.get(SOURCE_ALIAS);
        String target = props.get(TARGET_ALIAS);
        if (source != null && Objects.equals(source, target) && byName.containsKey(TARGET_ALIAS)) {
            byName.get(TARGET_ALIAS).addErrorMessage(
                "Source and target cluster aliases are both '" + source + "'; they must name different clusters.");
        }

        ConfigValue syncsTopic = byName.get(OFFSET_SYNCS_TOPIC);
        if (syncsTopic != null && source != null && target != null) {
            String location = props.get(OFFSET_SYNCS_LOCATION);
            boolean onSource = location != null && "source".equalsIgnoreCase(location.trim());
            String topic = props.get(OFFSET_SYNCS_TOPIC);
            OffsetSyncsTopics.explicitNameProblem(topic == null ? null : topic.trim(), onSource, source, target)
                .ifPresent(syncsTopic::addErrorMessage);
        }

        for (String key : converterKeys) {
            String value = props.get(key);
            if (value == null || !BYTE_ARRAY_CONVERTER.equals(value.trim())) {
                // Connect renders these keys as classes: the offending name goes in the message, not the value.
                ConfigValue converter = new ConfigValue(key, null, List.of(), new ArrayList<>());
                converter.addErrorMessage(key + " must be " + BYTE_ARRAY_CONVERTER + " (was "
                    + (value == null ? "unset, so the worker's default would apply" : value) + "): " + converterReason);
                extra.add(converter);
            }
        }

        ClusterClientSettings.ignoredKeys(props, nonClientKeys).forEach((key, problem) -> {
            // The value is not echoed: a misspelt credential key is not declared as a password, so it would show in clear.
            ConfigValue value = new ConfigValue(key, null, List.of(), new ArrayList<>());
            value.addErrorMessage(problem);
            extra.add(value);
        });

        List<ConfigValue> all = new ArrayList<>(byName.values());
        all.addAll(extra);
        return new Config(all);
    }
}
