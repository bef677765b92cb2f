package dev.ferry.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One test cluster's TLS files: a CA of its own, a broker keystore (certificate for {@code localhost},
 * also used as the broker's client certificate between its own listeners), a client keystore, and a
 * truststore holding only the CA ({@link TestCertificates}); written to a new directory.
 *
 * <p>Every store has its own random password, so a test can look for each of them where no secret
 * may appear ({@link #passwords()}).
 */
final class TlsMaterial {

    private static final String STORE_TYPE = "PKCS12";
    private static final Duration VALIDITY = Duration.ofDays(30);

    private final Path brokerKeystore;
    private final Path clientKeystore;
    private final Path truststore;
    private final String brokerKeystorePassword;
    private final String clientKeystorePassword;
    private final String truststorePassword;

    private TlsMaterial(Path dir, String cluster) {
        this.brokerKeystore = dir.resolve(cluster + "-broker.keystore.p12");
        this.clientKeystore = dir.resolve(cluster + "-client.keystore.p12");
        this.truststore = dir.resolve(cluster + ".truststore.p12");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        this.brokerKeystorePassword = cluster + "-broker-ks-" + tag;
        this.clientKeystorePassword = cluster + "-client-ks-" + tag;
        this.truststorePassword = cluster + "-ts-" + tag;
    }

    /**
     * Generates the CA, the certificates and the stores.
     *
     * @param parent  where to create the cluster's directory, e.g. {@code target/ferry-tls}
     * @param cluster a short name used in file names, certificate names and passwords
     */
    static TlsMaterial generate(Path parent, String cluster) {
        try {
            Path dir = Files.createDirectories(parent).resolve(cluster + "-" + UUID.randomUUID().toString().substring(0, 8));
            Files.createDirectories(dir);
            TlsMaterial material = new TlsMaterial(dir, cluster);
            material.write(cluster);
            return material;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the TLS files of the " + cluster + " cluster under " + parent + ": " + e, e);
        }
    }

    private void write(String cluster) throws IOException, GeneralSecurityException {
        String caName = "Ferry test CA " + cluster;
        KeyPair caKeys = TestCertificates.newKeyPair();
        X509Certificate ca = TestCertificates.authority(caName, caKeys, VALIDITY);
        KeyPair brokerKeys = TestCertificates.newKeyPair();
        // the broker's certificate also serves as its client certificate between its own listeners
        X509Certificate broker = TestCertificates.issue("localhost", brokerKeys, caName, caKeys.getPrivate(), VALIDITY,
            List.of("localhost", "127.0.0.1"), List.of(TestCertificates.Usage.SERVER, TestCertificates.Usage.CLIENT));
        KeyPair clientKeys = TestCertificates.newKeyPair();
        X509Certificate client = TestCertificates.issue("ferry-client-" + cluster, clientKeys, caName, caKeys.getPrivate(), VALIDITY,
            List.of(), List.of(TestCertificates.Usage.CLIENT));

        KeyStore trust = emptyStore();
        trust.setCertificateEntry("ca", ca);
        save(trust, truststore, truststorePassword);
        KeyStore brokerStore = emptyStore();
        brokerStore.setKeyEntry("broker", brokerKeys.getPrivate(), brokerKeystorePassword.toCharArray(), new Certificate[] {broker, ca});
        save(brokerStore, brokerKeystore, brokerKeystorePassword);
        KeyStore clientStore = emptyStore();
        clientStore.setKeyEntry("client", clientKeys.getPrivate(), clientKeystorePassword.toCharArray(), new Certificate[] {client, ca});
        save(clientStore, clientKeystore, clientKeystorePassword);
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        store.load(null, null);
        return store;
    }

    private static void save(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    /** Broker TLS settings; with {@code requireClientCertificates}, clients without a CA-signed certificate are refused. */
    Map<String, String> brokerProps(boolean requireClientCertificates) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("ssl.keystore.location", brokerKeystore.toString());
        props.put("ssl.keystore.password", brokerKeystorePassword);
        props.put("ssl.key.password", brokerKeystorePassword);
        props.put("ssl.keystore.type", STORE_TYPE);
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", truststorePassword);
        props.put("ssl.truststore.type", STORE_TYPE);
        props.put("ssl.client.auth", requireClientCertificates ? "required" : "none");
        return props;
    }

    /** Client TLS settings (trust the CA; with {@code withCertificate}, also show the client certificate), keys prefixed. */
    Map<String, String> clientSettings(String prefix, boolean withCertificate) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(prefix + "ssl.truststore.location", truststore.toString());
        settings.put(prefix + "ssl.truststore.password", truststorePassword);
        settings.put(prefix + "ssl.truststore.type", STORE_TYPE);
        if (withCertificate) {
            settings.put(prefix + "ssl.keystore.location", clientKeystore.toString());
            settings.put(prefix + "ssl.keystore.password", clientKeystorePassword);
            settings.put(prefix + "ssl.key.password", clientKeystorePassword);
            settings.put(prefix + "ssl.keystore.type", STORE_TYPE);
        }
        return settings;
    }

    /** @return every store password */
    List<String> passwords() {
        return List.of(brokerKeystorePassword, clientKeystorePassword, truststorePassword);
    }
}
