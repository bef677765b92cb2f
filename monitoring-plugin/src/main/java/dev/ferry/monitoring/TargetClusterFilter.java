package dev.ferry.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies {@link TargetClusterGuard} to Connect's own REST endpoints, since Connect gives a connector no way to learn
 * the worker's cluster:
 * <ul>
 *   <li>{@code PUT /connector-plugins/{plugin}/config/validate}: a mismatch is added as an error of
 *       {@code target.cluster.bootstrap.servers} in Connect's answer, and {@code error_count} grows by one;</li>
 *   <li>{@code POST /connectors}, {@code PUT /connectors/{name}/config} and {@code PATCH /connectors/{name}/config} (the
 *       patch applied to the stored configuration): a mismatch is refused with 400 in Connect's error shape
 *       ({@code {"error_code":400,"message":...}}), before Connect stores anything.</li>
 * </ul>
 * Bodies that are not JSON objects are left to Connect, which answers them itself.
 */
final class TargetClusterFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALIDATE_ERROR = TargetClusterFilter.class.getName() + ".validateError";

    private final TargetClusterGuard guard;
    private final Function<String, Map<String, String>> storedConfig;

    /**
     * @param guard        decides on a configuration
     * @param storedConfig a connector's stored configuration by name, for the patches it applies to
     *                     (throws when there is no such connector)
     */
    TargetClusterFilter(TargetClusterGuard guard, Function<String, Map<String, String>> storedConfig) {
        this.guard = guard;
        this.storedConfig = storedConfig;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String[] path = trimSlashes(request.getUriInfo().getPath()).split("/");
        String method = request.getMethod();
        boolean create = "POST".equals(method) && path.length == 1 && "connectors".equals(path[0]);
        boolean connectorConfig = path.length == 3 && "connectors".equals(path[0]) && "config".equals(path[2]);
        boolean update = "PUT".equals(method) && connectorConfig;
        boolean patch = "PATCH".equals(method) && connectorConfig;
        boolean validate = "PUT".equals(method) && path.length == 4 && "connector-plugins".equals(path[0])
            && "config".equals(path[2]) && "validate".equals(path[3]);
        if (!create && !update && !patch && !validate) {
            return;
        }
        // The body is read here and handed back unchanged for Connect's resource to read.
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return;
        }
        JsonNode configNode = create ? (root == null ? null : root.get("config")) : root;
        if (configNode == null || !configNode.isObject()) {
            return;
        }
        Map<String, String> config = strings(configNode);
        String name;
        if (create) {
            name = root.path("name").asText("");
        } else if (update) {
            name = path[1];
        } else if (patch) {
            name = path[1];
            Map<String, String> patched;
            try {
                patched = new HashMap<>(storedConfig.apply(name));
            } catch (RuntimeException e) {
                // No such connector (yet): Connect answers that itself.
                return;
            }
            // A patch's null values remove keys, as Connect applies it.
            configNode.fields().forEachRemaining(field -> {
                if (field.getValue().isNull()) {
                    patched.remove(field.getKey());
                }
            });
            patched.putAll(config);
            config = patched;
        } else {
            name = config.getOrDefault("name", "");
            // Connect validates against the plugin of the path when the body names no class.
            config.putIfAbsent("connector.class", path[1]);
        }
        if (!(guard.check(name, config) instanceof TargetClusterGuard.Mismatch mismatch)) {
            return;
        }
        if (validate) {
            request.setProperty(VALIDATE_ERROR, mismatch.message());
        } else {
            ObjectNode error = JSON.createObjectNode();
            error.put("error_code", 400);
            error.put("message", mismatch.message());
            request.abortWith(Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JSON.writeValueAsString(error)).build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object message = request.getProperty(VALIDATE_ERROR);
        if (message == null || response.getStatus() != 200 || !response.hasEntity()) {
            return;
        }
        JsonNode answer = JSON.valueToTree(response.getEntity());
        if (addError(answer, message.toString())) {
            response.setEntity(answer, response.getEntityAnnotations(), MediaType.APPLICATION_JSON_TYPE);
        }
    }

    /**
     * Adds the error to {@code target.cluster.bootstrap.servers} in a Connect validation answer (its ConfigInfos
     * layout: {@code error_count}, {@code configs[].value.name / errors}).
     *
     * @return false when the answer has no such key, and is left as it is
     */
    static boolean addError(JsonNode answer, String message) {
        if (!(answer instanceof ObjectNode infos) || !answer.path("configs").isArray()) {
            return false;
        }
        for (JsonNode config : answer.get("configs")) {
            JsonNode value = config.path("value");
            if (value instanceof ObjectNode valueNode && TargetClusterGuard.TARGET_BOOTSTRAP.equals(value.path("name").asText())) {
                JsonNode errors = valueNode.get("errors");
                ArrayNode list = errors instanceof ArrayNode array ? array : valueNode.putArray("errors");
                list.add(message);
                infos.put("error_count", answer.path("error_count").asInt(0) + 1);
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> config = new HashMap<>();
        object.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                config.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString());
            }
        });
        return config;
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
