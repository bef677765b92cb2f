package dev.ferry.testkit;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsMaterialTest {

    @TempDir
    Path dir;

    @Test
    void brokerAndClientCertificatesChainToTheClustersOwnCaOnly() throws Exception {
        TlsMaterial source = TlsMaterial.generate(dir, "source");
        TlsMaterial target = TlsMaterial.generate(dir, "target");
        Map<String, String> broker = source.brokerProps(true);
        Map<String, String> client = source.clientSettings("source.cluster.", true);

        X509Certificate[] brokerChain = chain(broker.get("ssl.keystore.location"), broker.get("ssl.keystore.password"), "broker");
        X509Certificate[] clientChain = chain(client.get("source.cluster.ssl.keystore.location"),
            client.get("source.cluster.ssl.keystore.password"), "client");
        X509TrustManager sourceTrust = trustManager(client.get("source.cluster.ssl.truststore.location"),
            client.get("source.cluster.ssl.truststore.password"));
        sourceTrust.checkServerTrusted(brokerChain, "RSA");
        sourceTrust.checkClientTrusted(clientChain, "RSA");
        assertTrue(brokerChain[0].getSubjectAlternativeNames().stream().anyMatch(name -> "localhost".equals(name.get(1))),
            "hostname verification of localhost needs a SAN");
        assertTrue(brokerChain[0].getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")));

        Map<String, String> other = target.clientSettings("", false);
        X509TrustManager targetTrust = trustManager(other.get("ssl.truststore.location"), other.get("ssl.truststore.password"));
        assertThrows(CertificateException.class, () -> targetTrust.checkServerTrusted(brokerChain, "RSA"),
            "the target's CA does not vouch for the source's broker");
        assertFalse(other.containsKey("ssl.keystore.location"), "no client certificate asked for");
        assertEquals("required", broker.get("ssl.client.auth"));
        assertEquals(3, source.passwords().stream().distinct().count());
    }

    private static X509Certificate[] chain(String location, String password, String alias) throws Exception {
        KeyStore store = load(location, password);
        return java.util.Arrays.stream(store.getCertificateChain(alias)).map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
    }

    private static X509TrustManager trustManager(String location, String password) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(load(location, password));
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static KeyStore load(String location, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
