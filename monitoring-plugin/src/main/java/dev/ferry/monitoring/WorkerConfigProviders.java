package dev.ferry.monitoring;

import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worker's ConfigProviders ({@code config.providers}, {@code config.providers.<name>.class},
 * {@code config.providers.<name>.param.*}), so that the target cluster check can resolve {@code ${provider:path:key}}
 * placeholders in connector settings as Connect will. A provider whose class this extension cannot load (e.g. one
 * installed in another plugin directory) is left out with a WARN: placeholders naming it stay unresolved, and the check
 * is skipped for connectors using them. Resolved values are only handed to clients, never logged.
 */
final class WorkerConfigProviders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfigProviders.class);
    static final String PROVIDERS = "config.providers";

    private final Map<String, ConfigProvider> providers;

    WorkerConfigProviders(Map<String, ConfigProvider> providers) {
        this.providers = Map.copyOf(providers);
    }

    /** The providers the worker configuration declares, each configured with its {@code param.*} settings. */
    static WorkerConfigProviders of(Map<String, ?> workerConfig) {
        Map<String, ConfigProvider> loaded = new LinkedHashMap<>();
        for (String name : names(workerConfig)) {
            String prefix = PROVIDERS + "." + name + ".";
            Object className = workerConfig.get(prefix + "class");
            if (className == null) {
                continue;
            }
            Map<String, Object> params = new HashMap<>();
            workerConfig.forEach((key, value) -> {
                if (key.startsWith(prefix + "param.")) {
                    params.put(key.substring((prefix + "param.").length()), value);
                }
            });
            try {
                ConfigProvider provider = (ConfigProvider) load(className.toString().trim()).getDeclaredConstructor().newInstance();
                provider.configure(params);
                loaded.put(name, provider);
            } catch (Exception | LinkageError e) {
                log.warn("The target cluster check cannot use the worker's config provider '{}' ({}): {}; connectors whose target "
                    + "settings name it are not checked", name, className, e.getClass().getSimpleName());
            }
        }
        if (!loaded.isEmpty()) {
            log.info("The target cluster check resolves placeholders of the worker's config providers {}", loaded.keySet());
        }
        return new WorkerConfigProviders(loaded);
    }

    private static Class<?> load(String className) throws ClassNotFoundException {
        try {
            return Class.forName(className, true, WorkerConfigProviders.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context == null) {
                throw e;
            }
            return Class.forName(className, true, context);
        }
    }

    /**
     * The providers named by {@code config.providers}, and those with a {@code config.providers.<name>.class}: Connect's
     * worker configuration hands extensions its settings without the {@code config.providers} list itself.
     */
    private static Set<String> names(Map<String, ?> workerConfig) {
        Set<String> names = new LinkedHashSet<>();
        Object value = workerConfig.get(PROVIDERS);
        if (value != null) {
            List<?> listed = value instanceof List<?> list ? list : Arrays.asList(value.toString().split(","));
            listed.stream().map(String::valueOf).map(String::trim).filter(name -> !name.isEmpty()).forEach(names::add);
        }
        for (String key : workerConfig.keySet()) {
            if (key.startsWith(PROVIDERS + ".") && key.endsWith(".class")) {
                String name = key.substring(PROVIDERS.length() + 1, key.length() - ".class".length());
                if (!name.isEmpty() && !name.contains(".")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * The settings with every placeholder of a loaded provider replaced by its value; placeholders of other providers
     * are left as they are.
     *
     * @throws org.apache.kafka.common.config.ConfigException if a provider cannot read a value it is asked for
     */
    Map<String, String> resolve(Map<String, String> settings) {
        if (providers.isEmpty()) {
            return settings;
        }
        return new HashMap<>(new ConfigTransformer(providers).transform(settings).data());
    }

    @Override
    public void close() {
        providers.forEach((name, provider) -> {
            try {
                provider.close();
            } catch (Exception e) {
                log.debug("Closing config provider '{}' failed: {}", name, e.getClass().getSimpleName());
            }
        });
    }
}
