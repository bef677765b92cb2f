package dev.ferry.common;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/**
 * The provenance header that mirrored records carry when remote topic names carry no lineage.
 *
 * <p>Its value is the alias of the cluster where the record was first produced, in UTF-8. A record
 * without the header originated on the cluster it is read from; the first mirror hop adds the header
 * and later hops keep it unchanged, so a record is recognised on every cluster it reaches and is
 * never copied back to its origin.
 */
public final class Provenance {

    /** Header key. Consumers that compare payloads byte for byte should ignore this key. */
    public static final String HEADER = "ferry.origin";

    private Provenance() {
    }

    /**
     * The alias of the cluster the record originated on, or {@code null} if it carries no provenance
     * header (it originated on the cluster it was read from).
     */
    public static String originOf(Headers headers) {
        Header last = headers.lastHeader(HEADER);
        return last == null || last.value() == null ? null : new String(last.value(), StandardCharsets.UTF_8);
    }

    /** The header value for records originating on {@code clusterAlias}. */
    public static byte[] valueFor(String clusterAlias) {
        return clusterAlias.getBytes(StandardCharsets.UTF_8);
    }
}
