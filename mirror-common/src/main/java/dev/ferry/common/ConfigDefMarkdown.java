package dev.ferry.common;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a connector's {@link ConfigDef} as Markdown for the README's configuration reference. Each
 * connector has a test that checks its README section against this output, so the reference cannot
 * drift from the code.
 */
public final class ConfigDefMarkdown {

    private ConfigDefMarkdown() {
    }

    /** The reference of one connector's settings: a table per group, then the credential keys in one paragraph. */
    public static String render(ConfigDef def) {
        Map<String, List<ConfigKey>> byGroup = new LinkedHashMap<>();
        List<String> credentialKeys = new ArrayList<>();
        List<ConfigKey> ordered = new ArrayList<>(def.configKeys().values());
        ordered.sort(Comparator.comparingInt((ConfigKey key) -> def.groups().indexOf(key.group))
            .thenComparingInt(key -> key.orderInGroup).thenComparing(key -> key.name));
        for (ConfigKey key : ordered) {
            if (key.type == Type.PASSWORD && key.orderInGroup == -1) {
                credentialKeys.add(key.name);
                continue;
            }
            byGroup.computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>()).add(key);
        }
        StringBuilder out = new StringBuilder();
        byGroup.forEach((group, keys) -> {
            out.append("#### ").append(group).append("\n\n");
            out.append("| key | type | default | valid values | description |\n");
            out.append("|---|---|---|---|---|\n");
            for (ConfigKey key : keys) {
                out.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase()).append(" | ")
                    .append(defaultOf(key)).append(" | ")
                    .append(key.validator == null ? "" : escape(key.validator.toString())).append(" | ")
                    .append(escape(key.documentation)).append(" |\n");
            }
            out.append('\n');
        });
        out.append("#### Credentials\n\n")
            .append("Every credential setting of the Kafka clients (")
            .append(String.join(", ", ClusterClientSettings.PASSWORD_KEYS.stream().map(k -> "`" + k + "`").toList()))
            .append(") is declared as a password under each client prefix (`source.cluster.`, `source.consumer.`, ")
            .append("`source.admin.`, `source.producer.`, and the same for `target.`): ")
            .append(credentialKeys.size())
            .append(" keys in all. Connect masks them in validation answers and logs; pass them as ConfigProvider ")
            .append("placeholders (`${file:/path:key}`) so they are not stored in the connector config either.\n");
        return out.toString();
    }

    private static String defaultOf(ConfigKey key) {
        if (!key.hasDefault()) {
            return "*required*";
        }
        if (key.defaultValue == null) {
            return "";
        }
        String value = ConfigDef.convertToString(key.defaultValue, key.type);
        return value == null || value.isEmpty() ? "\"\"" : "`" + escape(value) + "`";
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("\n", " ");
    }
}
