package dev.ferry.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SASL/PLAIN users of one cluster (the kit's super user plus the test's users), and the broker
 * and client settings that follow from them.
 *
 * <p>Broker side, as in Kafka's own {@code ExactlyOnceSourceIntegrationTest}: both listeners of the
 * single combined KRaft node ({@code EXTERNAL} for clients and inter-broker traffic, {@code CONTROLLER}
 * for the broker-to-controller link) are {@code SASL_PLAINTEXT} with mechanism {@code PLAIN}, and
 * {@code StandardAuthorizer} denies whatever no ACL allows ({@code allow.everyone.if.no.acl.found=false}).
 * The node authenticates to itself as the super user, so inter-broker and controller traffic need no ACL.
 *
 * <p>Deliberately not {@code SASL_SSL}: {@code EmbeddedKafkaCluster} treats a {@code :SASL_SSL} entry in
 * the listener map as SSL and forces {@code security.protocol=SSL} on its own clients (checked against
 * 4.3.1), whereas with {@code SASL_PLAINTEXT} it leaves the client settings given to it alone.
 */
final class SaslUsers {

    static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    static final String MECHANISM = "PLAIN";
    static final String PROTOCOL = "SASL_PLAINTEXT";

    /** JAAS option names are {@code user_<name>}, and the values go between double quotes. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final String superUser;
    private final Map<String, String> passwords;

    /**
     * @param superUser         the user the kit's own clients authenticate as
     * @param superPassword     its password
     * @param usersAndPasswords the test's users, without ACLs; none may be named like the super user
     */
    SaslUsers(String superUser, String superPassword, Map<String, String> usersAndPasswords) {
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
    }

    String superUser() {
        return superUser;
    }

    boolean knows(String user) {
        return passwords.containsKey(user);
    }

    /** Broker settings; tests' own broker overrides are applied over them. */
    Map<String, String> brokerProps() {
        StringBuilder serverJaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
            // the node's own client side (inter-broker and broker-to-controller connections)
            .append(" username=\"").append(superUser).append("\" password=\"").append(passwords.get(superUser)).append('"');
        passwords.forEach((user, password) ->
            serverJaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        serverJaas.append(';');

        Map<String, String> props = new LinkedHashMap<>();
        // listener names are KafkaClusterTestKit's defaults (TestKitNodes: EXTERNAL and CONTROLLER)
        props.put("listener.security.protocol.map", "CONTROLLER:" + PROTOCOL + ",EXTERNAL:" + PROTOCOL);
        props.put("sasl.enabled.mechanisms", MECHANISM);
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
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix + "security.protocol", PROTOCOL);
        settings.put(prefix + "sasl.mechanism", MECHANISM);
        settings.put(prefix + "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
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
