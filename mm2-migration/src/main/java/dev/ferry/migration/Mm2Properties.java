package dev.ferry.migration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code mm2.properties} file of MirrorMaker 2's dedicated mode, read the way MirrorMaker 2 reads it:
 * {@code clusters} names the aliases; {@code <alias>.<key>} are that cluster's client settings;
 * {@code <source>-><target>.<key>} override, for one replication flow, the top-level {@code <key>}.
 */
final class Mm2Properties {

    private static final Pattern FLOW_KEY = Pattern.compile("^([^.>]+)->([^.>]+)\\.(.+)$");

    /** One replication flow, {@code source->target}. */
    record Flow(String source, String target) {
        @Override
        public String toString() {
            return source + "->" + target;
        }
    }

    private final Map<String, String> all;
    private final List<String> clusters;

    private Mm2Properties(Map<String, String> all, List<String> clusters) {
        this.all = all;
        this.clusters = clusters;
    }

    /**
     * @throws MigrationException if {@code clusters} is missing or empty
     */
    static Mm2Properties of(Properties properties) {
        Map<String, String> all = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> all.put(key.trim(), properties.getProperty(key).trim()));
        String clusterList = all.get("clusters");
        if (clusterList == null || clusterList.isBlank()) {
            throw new MigrationException("'clusters' is missing or empty: an mm2.properties file names its cluster aliases there");
        }
        List<String> clusters = new ArrayList<>();
        for (String alias : clusterList.split(",")) {
            if (!alias.isBlank()) {
                clusters.add(alias.trim());
            }
        }
        return new Mm2Properties(all, Collections.unmodifiableList(clusters));
    }

    List<String> clusters() {
        return clusters;
    }

    /** Flows with {@code <source>-><target>.enabled=true}, in file order of their aliases. */
    List<Flow> enabledFlows() {
        List<Flow> flows = new ArrayList<>();
        for (String source : clusters) {
            for (String target : clusters) {
                if (!source.equals(target) && Boolean.parseBoolean(all.getOrDefault(source + "->" + target + ".enabled", "false"))) {
                    flows.add(new Flow(source, target));
                }
            }
        }
        return flows;
    }

    /** Flow keys naming an alias that {@code clusters} does not list: almost always a typo. */
    Set<String> flowKeysWithUnknownAliases() {
        Set<String> unknown = new TreeSet<>();
        for (String key : all.keySet()) {
            Matcher matcher = FLOW_KEY.matcher(key);
            if (matcher.matches() && !(clusters.contains(matcher.group(1)) && clusters.contains(matcher.group(2)))) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    /** A setting for one flow: {@code <flow>.<key>} if set, else the top-level {@code <key>}. */
    Optional<Setting> flowSetting(Flow flow, String key) {
        String flowKey = flow + "." + key;
        if (all.containsKey(flowKey)) {
            return Optional.of(new Setting(flowKey, all.get(flowKey)));
        }
        return Optional.ofNullable(all.get(key)).map(value -> new Setting(key, value));
    }

    /** Keys that apply to every flow (or, for client keys, to every cluster). */
    Map<String, Setting> topLevelSettings() {
        Map<String, Setting> settings = new LinkedHashMap<>();
        all.forEach((key, value) -> {
            if (isTopLevel(key)) {
                settings.put(key, new Setting(key, value));
            }
        });
        return settings;
    }

    /** Every top-level key and every key of {@code flow}, without the flow prefix; flow values win. */
    Map<String, Setting> flowSettings(Flow flow) {
        Map<String, Setting> settings = topLevelSettings();
        String flowPrefix = flow + ".";
        all.forEach((key, value) -> {
            if (key.startsWith(flowPrefix) && !key.equals(flowPrefix + "enabled")) {
                settings.put(key.substring(flowPrefix.length()), new Setting(key, value));
            }
        });
        return settings;
    }

    /** {@code <alias>.<key>} settings of one cluster, without the prefix. */
    Map<String, Setting> clusterSettings(String alias) {
        Map<String, Setting> settings = new TreeMap<>();
        String prefix = alias + ".";
        all.forEach((key, value) -> {
            if (key.startsWith(prefix) && !FLOW_KEY.matcher(key).matches()) {
                settings.put(key.substring(prefix.length()), new Setting(key, value));
            }
        });
        return settings;
    }

    /** Keys that are neither {@code clusters}, nor of a listed cluster, nor of a flow. */
    private boolean isTopLevel(String key) {
        if (key.equals("clusters") || FLOW_KEY.matcher(key).matches()) {
            return false;
        }
        return clusters.stream().noneMatch(alias -> key.startsWith(alias + "."));
    }

    /**
     * One value as written in the file.
     *
     * @param fileKey the key as written, e.g. {@code east->west.topics}; used in messages
     * @param value   the value, trimmed
     */
    record Setting(String fileKey, String value) {
    }
}
