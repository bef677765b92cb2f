package dev.ferry.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SASL users of one cluster (the kit's super user plus the test's users), and the broker
 * and client settings that follow from them. The super user always logs in with PLAIN; the test's users
 * with PLAIN or SCRAM-SHA-512 ({@link #scramUsers()} then need credentials created once the cluster runs).
 *
 * <p>Broker side, as in Kafka's own {@code ExactlyOnceSourceIntegrationTest}: both listeners of the
 * single combined KRaft node ({@code EXTERNAL} for clients and inter-broker traffic, {@code CONTROLLER}
 * for the broker-to-controller link) are {@code SASL_PLAINTEXT} with mechanism {@code PLAIN}, and
 * {@code StandardAuthorizer} denies whatever no ACL allows ({@code allow.everyone.if.no.acl.found=false}).
 * The node authenticates to itself as the super user, so inter-broker and controller traffic need no ACL.
 *
 * <p>Over TLS the client listener's protocol is written {@code sasl_ssl} in lower case: Kafka upper-cases
 * protocol names when it parses the map, but {@code EmbeddedKafkaCluster} looks for the text {@code :SASL_SSL}
 * and, finding it, forces {@code security.protocol=SSL} on its own clients (checked against 4.3.1), which
 * could then not log in. Written this way it leaves the client settings given to it alone.
 */
final class SaslUsers {

    static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    static final String MECHANISM = "PLAIN";
    static final String PROTOCOL = "SASL_PLAINTEXT";
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    /** JAAS option names are {@code user_<name>}, and the values go between double quotes. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final String superUser;
    private final Map<String, String> passwords;
    private final ClusterSecurity.Mechanism mechanism;
    private final boolean tls;

    /**
     * @param superUser         the user the kit's own clients authenticate as
     * @param superPassword     its password
     * @param usersAndPasswords the test's users, without ACLs; none may be named like the super user
     */
    SaslUsers(String superUser, String superPassword, Map<String, String> usersAndPasswords) {
        this(superUser, superPassword, usersAndPasswords, ClusterSecurity.Mechanism.PLAIN, false);
    }

    /**
     * @param mechanism how the test's users log in
     * @param tls       whether the client listener is SASL_SSL rather than SASL_PLAINTEXT
     */
    SaslUsers(String superUser, String superPassword, Map<String, String> usersAndPasswords,
              ClusterSecurity.Mechanism mechanism, boolean tls) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(requireName(superUser), requirePassword(superUser, superPassword));
        usersAndPasswords.forEach((user, password) -> {
            if (all.containsKey(requireName(user))) {
                throw new IllegalArgumentException("user '" + user + "' is the kit's super user; pick another name");
            }
            all.put(user, requirePassword(user, password));
        });
        this.superUser = superUser;
        this.passwords = Map.copyOf(all);
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
        this.tls = tls;
    }

    /** @return the client {@code security.protocol} */
    String protocol() {
        return tls ? "SASL_SSL" : PROTOCOL;
    }

    /** @return the test's users that log in with SCRAM, with their passwords; empty for PLAIN */
    Map<String, String> scramUsers() {
        Map<String, String> scram = new LinkedHashMap<>();
        if (mechanism == ClusterSecurity.Mechanism.SCRAM_SHA_512) {
            passwords.forEach((user, password) -> {
                if (!user.equals(superUser)) {
                    scram.put(user, password);
                }
            });
        }
        return scram;
    }

    /** @return every password, the super user's included */
    java.util.Collection<String> passwords() {
        return passwords.values();
    }

    String superUser() {
        return superUser;
    }

    boolean knows(String user) {
        return passwords.containsKey(user);
    }

    /** Broker settings; tests' own broker overrides are applied over them. */
    Map<String, String> brokerProps() {
        StringBuilder serverJaas = new StringBuilder(PLAIN_MODULE + " required")
            // the node's own client side (inter-broker and broker-to-controller connections)
            .append(" username=\"").append(superUser).append("\" password=\"").append(passwords.get(superUser)).append('"');
        Map<String, String> scram = scramUsers();
        passwords.forEach((user, password) -> {
            // SCRAM users get no PLAIN password: they can log in with their mechanism only
            if (!scram.containsKey(user)) {
                serverJaas.append(" user_").append(user).append("=\"").append(password).append('"');
            }
        });
        serverJaas.append(';');

        Map<String, String> props = new LinkedHashMap<>();
        // listener names are KafkaClusterTestKit's defaults (TestKitNodes: EXTERNAL and CONTROLLER)
        props.put("listener.security.protocol.map", "CONTROLLER:" + PROTOCOL + ",EXTERNAL:" + (tls ? "sasl_ssl" : PROTOCOL));
        if (mechanism == ClusterSecurity.Mechanism.PLAIN) {
            props.put("sasl.enabled.mechanisms", MECHANISM);
        } else {
            props.put("sasl.enabled.mechanisms", MECHANISM + "," + mechanism.kafkaName());
            // both listeners offer every enabled mechanism, so both need its server login
            for (String listener : new String[] {"external", "controller"}) {
                props.put("listener.name." + listener + "." + mechanism.kafkaName().toLowerCase(java.util.Locale.ROOT)
                    + ".sasl.jaas.config", SCRAM_MODULE + " required;");
            }
        }
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("sasl.mechanism.controller.protocol", MECHANISM);
        props.put("listener.name.external.plain.sasl.jaas.config", serverJaas.toString());
        props.put("listener.name.controller.plain.sasl.jaas.config", serverJaas.toString());
        props.put("authorizer.class.name", AUTHORIZER);
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", "User:" + superUser);
        return props;
    }

    /**
     * Client settings authenticating as {@code user}, each key prefixed with {@code prefix}.
     *
     * @throws IllegalArgumentException for a user this cluster does not know
     */
    Map<String, String> clientSettings(String prefix, String user) {
        Objects.requireNonNull(prefix, "prefix");
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no SASL user '" + user + "' on this cluster; known: " + passwords.keySet());
        }
        boolean scram = scramUsers().containsKey(user);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix + "security.protocol", protocol());
        settings.put(prefix + "sasl.mechanism", scram ? mechanism.kafkaName() : MECHANISM);
        settings.put(prefix + "sasl.jaas.config", (scram ? SCRAM_MODULE : PLAIN_MODULE) + " required"
            + " username=\"" + user + "\" password=\"" + password + "\";");
        return settings;
    }

    private static String requireName(String user) {
        if (user == null || !USER_NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("SASL user names must match " + USER_NAME + ": " + user);
        }
        return user;
    }

    private static String requirePassword(String user, String password) {
        if (password == null || password.isEmpty() || password.indexOf('"') >= 0 || password.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("the password of SASL user '" + user
                + "' must be non-empty and hold no '\"' or '\\' (it goes into a JAAS string)");
        }
        return password;
    }
}
