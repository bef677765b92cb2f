package dev.ferry.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/**
 * The monitoring endpoints, served by the Connect worker's own REST server (so its REST authentication, e.g.
 * the basic-auth extension, applies):
 * <ul>
 *   <li>{@code GET /ferry/v1/replication}: {@link ReplicationView} as JSON;</li>
 *   <li>{@code GET /ferry/v1/groups}: {@link GroupsView} as JSON;</li>
 *   <li>{@code GET /ferry/v1/heartbeats}: {@link HeartbeatsView} as JSON;</li>
 *   <li>{@code GET /ferry/v1/metrics}: the same figures in the Prometheus text format ({@link PrometheusText});</li>
 *   <li>{@code GET /ferry/} and {@code GET /ferry/assets/{file}}: the dashboard page and its files ({@link DashboardAssets});
 *       {@code GET /ferry} redirects to {@code /ferry/}, where the page's relative links resolve.</li>
 * </ul>
 */
@Path("/ferry")
public class FerryResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Monitor monitor;
    private final DashboardAssets assets;

    FerryResource(Monitor monitor, DashboardAssets assets) {
        this.monitor = monitor;
        this.assets = assets;
    }

    @GET
    @Path("/v1/replication")
    @Produces(MediaType.APPLICATION_JSON)
    public Response replication() {
        return json(monitor.replication());
    }

    @GET
    @Path("/v1/groups")
    @Produces(MediaType.APPLICATION_JSON)
    public Response groups() {
        return json(monitor.groups());
    }

    @GET
    @Path("/v1/heartbeats")
    @Produces(MediaType.APPLICATION_JSON)
    public Response heartbeats() {
        return json(monitor.heartbeats());
    }

    @GET
    @Path("/v1/metrics")
    @Produces(MediaType.TEXT_PLAIN)
    public Response metrics() {
        return Response.ok(monitor.prometheus()).type(PrometheusText.CONTENT_TYPE).build();
    }

    @GET
    public Response dashboard(@Context UriInfo uri) {
        return dashboard(uri.getPath());
    }

    /** @param path the request path relative to the REST server's root, e.g. {@code ferry/} */
    Response dashboard(String path) {
        // At /ferry the page's relative links (assets/..., v1/...) would resolve against the root: send browsers to /ferry/.
        if (!path.endsWith("/")) {
            return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("ferry/")).build();
        }
        return asset(DashboardAssets.INDEX);
    }

    @GET
    @Path("/assets/{file}")
    public Response asset(@PathParam("file") String file) {
        if (!DashboardAssets.known(file)) {
            return notFound("No dashboard file named '" + file + "'; the dashboard has " + DashboardAssets.FILES.keySet());
        }
        try {
            Optional<DashboardAssets.Asset> asset = assets.find(file);
            if (asset.isEmpty()) {
                return notFound("The dashboard file '" + file + "' is not in this Ferry build (expected on the classpath at "
                    + DashboardAssets.ROOT + file + ")");
            }
            return Response.ok(asset.get().content()).type(asset.get().type())
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .build();
        } catch (IOException e) {
            return Response.serverError().type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8"))
                .entity("Reading the dashboard file '" + file + "' failed: " + e.getMessage()).build();
        }
    }

    private static Response notFound(String message) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).entity(message).build();
    }

    private static Response json(Object document) {
        try {
            return Response.ok(JSON.writeValueAsString(document)).type(MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8")).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Writing the Ferry monitoring document failed", e);
        }
    }
}
