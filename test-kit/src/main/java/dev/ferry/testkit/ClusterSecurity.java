package dev.ferry.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one test cluster secures its client listener, for {@link FerryClusters.Builder#sourceSecurity} and
 * {@link FerryClusters.Builder#targetSecurity}. Source and target are configured independently.
 *
 * <ul>
 *   <li>{@link #plaintext()}: no encryption, no login (the default);</li>
 *   <li>{@link #tls()}: TLS, the broker shows a certificate signed by the cluster's own test CA;</li>
 *   <li>{@link #mutualTls()}: TLS, and every client must show a certificate signed by that CA too;</li>
 *   <li>{@link #sasl(Mechanism, Map)} / {@link #saslSsl(Mechanism, Map)}: SASL logins (PLAIN or
 *       SCRAM-SHA-512 for the test's users) over plaintext or TLS, authorized by {@code StandardAuthorizer}
 *       with no access without an ACL.</li>
 * </ul>
 *
 * <p>Keystores, truststores and the CA are generated at start under {@code target/ferry-tls/}.
 */
public final class ClusterSecurity {

    /** The SASL mechanism the test's users log in with. The kit's own super user always uses PLAIN. */
    public enum Mechanism {
        PLAIN("PLAIN"),
        SCRAM_SHA_512("SCRAM-SHA-512");

        private final String kafkaName;

        Mechanism(String kafkaName) {
            this.kafkaName = kafkaName;
        }

        /** @return the name Kafka uses in {@code sasl.mechanism} */
        public String kafkaName() {
            return kafkaName;
        }
    }

    private final boolean tls;
    private final boolean clientCertificates;
    private final Mechanism mechanism;
    private final Map<String, String> users;

    private ClusterSecurity(boolean tls, boolean clientCertificates, Mechanism mechanism, Map<String, String> users) {
        this.tls = tls;
        this.clientCertificates = clientCertificates;
        this.mechanism = mechanism;
        this.users = Map.copyOf(users);
    }

    /** @return no TLS, no SASL */
    public static ClusterSecurity plaintext() {
        return new ClusterSecurity(false, false, null, Map.of());
    }

    /** @return TLS with a server certificate only */
    public static ClusterSecurity tls() {
        return new ClusterSecurity(true, false, null, Map.of());
    }

    /** @return TLS with client certificates required ({@code ssl.client.auth=required}) */
    public static ClusterSecurity mutualTls() {
        return new ClusterSecurity(true, true, null, Map.of());
    }

    /**
     * @param mechanism         how the test's users log in
     * @param usersAndPasswords user name to password; names of letters, digits, '.', '_' and '-',
     *                          passwords without '"' or '\'
     * @return SASL over plaintext (SASL_PLAINTEXT) with ACLs
     */
    public static ClusterSecurity sasl(Mechanism mechanism, Map<String, String> usersAndPasswords) {
        return new ClusterSecurity(false, false, Objects.requireNonNull(mechanism), new LinkedHashMap<>(usersAndPasswords));
    }

    /** @return SASL over TLS (SASL_SSL) with ACLs; see {@link #sasl(Mechanism, Map)} */
    public static ClusterSecurity saslSsl(Mechanism mechanism, Map<String, String> usersAndPasswords) {
        return new ClusterSecurity(true, false, Objects.requireNonNull(mechanism), new LinkedHashMap<>(usersAndPasswords));
    }

    /** @return Kafka's {@code security.protocol} for clients of this cluster */
    public String protocol() {
        if (mechanism == null) {
            return tls ? "SSL" : "PLAINTEXT";
        }
        return tls ? "SASL_SSL" : "SASL_PLAINTEXT";
    }

    boolean usesTls() {
        return tls;
    }

    boolean requiresClientCertificates() {
        return clientCertificates;
    }

    Optional<Mechanism> mechanism() {
        return Optional.ofNullable(mechanism);
    }

    Map<String, String> users() {
        return users;
    }

    @Override
    public String toString() {
        return protocol() + (clientCertificates ? " with client certificates" : "")
            + (mechanism == null ? "" : " " + mechanism.kafkaName() + " users " + users.keySet());
    }
}
