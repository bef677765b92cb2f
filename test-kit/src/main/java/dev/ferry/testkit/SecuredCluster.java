package dev.ferry.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;

/**
 * One test cluster's security as settings: what its broker needs, what the kit's own clients need, and
 * what a connector needs to reach it as a given user. Built from a {@link ClusterSecurity}.
 */
final class SecuredCluster {

    private static final Duration SCRAM_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final ClusterSecurity security;
    private final Optional<TlsMaterial> tls;
    private final Optional<SaslUsers> sasl;

    /**
     * @param name          "source" or "target", for messages and file names
     * @param tlsDirectory  where TLS files go when the security needs them
     * @param superUser     the kit's own login when the cluster uses SASL
     * @param superPassword its password
     */
    SecuredCluster(String name, ClusterSecurity security, Path tlsDirectory, String superUser, String superPassword) {
        this.name = name;
        this.security = security;
        this.tls = security.usesTls() ? Optional.of(TlsMaterial.generate(tlsDirectory, name)) : Optional.empty();
        this.sasl = security.mechanism().map(mechanism ->
            new SaslUsers(superUser, superPassword, security.users(), mechanism, security.usesTls()));
    }

    ClusterSecurity security() {
        return security;
    }

    boolean usesSasl() {
        return sasl.isPresent();
    }

    /** Broker settings for the single combined KRaft node; tests' own broker overrides go over them. */
    Map<String, String> brokerProps() {
        Map<String, String> props = new LinkedHashMap<>();
        if (sasl.isPresent()) {
            props.putAll(sasl.get().brokerProps());
        } else if (tls.isPresent()) {
            // lower case for the same reason as in SaslUsers: EmbeddedKafkaCluster would otherwise rewrite its clients
            props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,EXTERNAL:ssl");
        }
        tls.ifPresent(files -> props.putAll(files.brokerProps(security.requiresClientCertificates())));
        return props;
    }

    /** The settings every client the kit makes for this cluster starts from (as the super user, with a certificate if needed). */
    Map<String, String> kitClientSettings() {
        return clientSettings("", sasl.map(SaslUsers::superUser).orElse(null));
    }

    /**
     * Connection settings for a client of this cluster, keys prefixed.
     *
     * @param user the SASL user to log in as; ignored (may be null) when the cluster has no SASL
     * @throws IllegalArgumentException if the cluster uses SASL and the user is unknown
     */
    Map<String, String> clientSettings(String prefix, String user) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (sasl.isPresent()) {
            if (user == null) {
                throw new IllegalArgumentException("the " + name + " cluster uses SASL: name the user to log in as");
            }
            settings.putAll(sasl.get().clientSettings(prefix, user));
        } else {
            settings.put(prefix + "security.protocol", security.protocol());
        }
        tls.ifPresent(files -> settings.putAll(files.clientSettings(prefix, security.requiresClientCertificates())));
        return settings;
    }

    /** Creates the SCRAM credentials of the test's users (none for PLAIN), and waits until the broker lists them. */
    void createScramCredentials(Admin admin) {
        Map<String, String> users = sasl.map(SaslUsers::scramUsers).orElse(Map.of());
        if (users.isEmpty()) {
            return;
        }
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        users.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)));
        try {
            admin.alterUserScramCredentials(upserts).all().get(SCRAM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Waits.until("the " + name + " broker to know the SCRAM users " + users.keySet(), SCRAM_TIMEOUT, () -> {
                Map<String, UserScramCredentialsDescription> described =
                    admin.describeUserScramCredentials(List.copyOf(users.keySet())).all().get(10, TimeUnit.SECONDS);
                return described.keySet().containsAll(users.keySet());
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = Waits.unwrap(e);
            throw new IllegalStateException("creating SCRAM users " + users.keySet() + " on the " + name + " cluster failed: " + cause, cause);
        }
    }

    /** @return every password this cluster's security uses: SASL users' (the super user's too) and TLS stores' */
    List<String> passwords() {
        List<String> passwords = new ArrayList<>();
        sasl.ifPresent(users -> passwords.addAll(users.passwords()));
        tls.ifPresent(files -> passwords.addAll(files.passwords()));
        return passwords;
    }

    @Override
    public String toString() {
        return name + ": " + security;
    }
}
