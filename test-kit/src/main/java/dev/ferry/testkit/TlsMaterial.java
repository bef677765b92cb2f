package dev.ferry.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One test cluster's TLS files: a CA of its own, a broker keystore (certificate for {@code localhost},
 * also used as the broker's client certificate between its own listeners), a client keystore, and a
 * truststore holding only the CA. Made with the JDK's keytool; written to a new directory.
 *
 * <p>Every store has its own random password, so a test can look for each of them where no secret
 * may appear ({@link #passwords()}).
 */
final class TlsMaterial {

    private static final String STORE_TYPE = "PKCS12";
    private static final String DAYS = "30";

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
            material.write(dir, cluster);
            return material;
        } catch (IOException e) {
            throw new IllegalStateException("cannot generate the TLS files of the " + cluster + " cluster under " + parent + ": " + e, e);
        }
    }

    private void write(Path dir, String cluster) throws IOException {
        String caPassword = "ca-" + UUID.randomUUID();
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", DAYS,
            "-dname", "CN=Ferry test CA " + cluster, "-ext", "bc:c",
            "-keystore", ca.toString(), "-storetype", STORE_TYPE, "-storepass", caPassword, "-keypass", caPassword);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", caPassword, "-file", caPem.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
            "-keystore", truststore.toString(), "-storetype", STORE_TYPE, "-storepass", truststorePassword);
        // the broker's certificate also serves as its client certificate between its own listeners
        signedKeystore(dir, "broker", "CN=localhost, O=" + cluster + " broker", brokerKeystore, brokerKeystorePassword,
            ca, caPassword, caPem, List.of("-ext", "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth,clientAuth"));
        signedKeystore(dir, "client", "CN=ferry-client, O=" + cluster + " clients", clientKeystore, clientKeystorePassword,
            ca, caPassword, caPem, List.of("-ext", "EKU=clientAuth"));
    }

    /** A key pair in {@code keystore}, with its certificate signed by the CA (and the CA's certificate for the chain). */
    private static void signedKeystore(Path dir, String alias, String dname, Path keystore, String password,
                                       Path ca, String caPassword, Path caPem, List<String> extensions) throws IOException {
        Path request = dir.resolve(alias + ".csr");
        Path signed = dir.resolve(alias + ".pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", DAYS, "-dname", dname,
            "-keystore", keystore.toString(), "-storetype", STORE_TYPE, "-storepass", password, "-keypass", password);
        keytool("-certreq", "-alias", alias, "-keystore", keystore.toString(), "-storepass", password, "-file", request.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
            "-storepass", caPassword, "-validity", DAYS, "-infile", request.toString(), "-outfile", signed.toString()));
        sign.addAll(extensions);
        keytool(sign.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", keystore.toString(),
            "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", signed.toString(), "-keystore", keystore.toString(), "-storepass", password);
    }

    /**
     * Runs the JDK's keytool. Kafka's {@code TestSslUtils} would need BouncyCastle's PKIX jar, which Kafka's test
     * jars do not bring, and the JDK has no public API to sign a certificate.
     */
    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                // the output names the failing step; the command line holds passwords, so it is not repeated
                throw new IOException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool " + args[0], e);
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
