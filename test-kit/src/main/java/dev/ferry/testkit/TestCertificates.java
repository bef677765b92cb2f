package dev.ferry.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * X.509 v3 certificates for test clusters, signed in-process with the JDK's own crypto: a DER encoder for the
 * few structures a TLS certificate needs. Kafka's {@code TestSslUtils} needs BouncyCastle's PKIX jar (not on
 * the test classpath) and the JDK has no public certificate builder; running keytool costs a JVM start per
 * step, seconds per cluster on the shared CI cores.
 */
final class TestCertificates {

    /** Extended key usages. */
    enum Usage {
        SERVER(new byte[] {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01}),
        CLIENT(new byte[] {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02});

        private final byte[] oid;

        Usage(byte[] oid) {
            this.oid = oid;
        }
    }

    private static final byte[] SHA256_WITH_RSA = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x0B};
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};
    private static final byte[] BASIC_CONSTRAINTS = {0x55, 0x1D, 0x13};
    private static final byte[] SUBJECT_ALT_NAME = {0x55, 0x1D, 0x11};
    private static final byte[] EXTENDED_KEY_USAGE = {0x55, 0x1D, 0x25};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** A self-signed CA certificate. */
    static X509Certificate authority(String commonName, KeyPair keys, Duration validity) throws GeneralSecurityException {
        byte[] caConstraint = sequence(tlv(0x01, new byte[] {(byte) 0xFF}));
        return sign(commonName, keys, commonName, keys.getPrivate(), validity,
            List.of(extension(BASIC_CONSTRAINTS, true, caConstraint)));
    }

    /**
     * A certificate for {@code keys}, signed by the CA.
     *
     * @param hostNames DNS names, or IPv4 addresses as dotted quads, for the subject alternative name; may be empty
     */
    static X509Certificate issue(String commonName, KeyPair keys, String caCommonName, PrivateKey caKey, Duration validity,
                                 List<String> hostNames, List<Usage> usages) throws GeneralSecurityException {
        List<byte[]> extensions = new ArrayList<>();
        extensions.add(extension(BASIC_CONSTRAINTS, true, sequence()));
        if (!hostNames.isEmpty()) {
            List<byte[]> names = new ArrayList<>();
            for (String host : hostNames) {
                names.add(host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? tlv(0x87, ipv4(host))
                    : tlv(0x82, host.getBytes(StandardCharsets.US_ASCII)));
            }
            extensions.add(extension(SUBJECT_ALT_NAME, false, sequence(names.toArray(byte[][]::new))));
        }
        byte[][] purposes = usages.stream().map(usage -> tlv(0x06, usage.oid)).toArray(byte[][]::new);
        extensions.add(extension(EXTENDED_KEY_USAGE, false, sequence(purposes)));
        return sign(commonName, keys, caCommonName, caKey, validity, extensions);
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
                                        Duration validity, List<byte[]> extensions) throws GeneralSecurityException {
        byte[] algorithm = sequence(tlv(0x06, SHA256_WITH_RSA), new byte[] {0x05, 0x00});
        Instant now = Instant.now();
        byte[] tbs = sequence(
            tlv(0xA0, tlv(0x02, new byte[] {0x02})),
            tlv(0x02, new BigInteger(63, RANDOM).add(BigInteger.ONE).toByteArray()),
            algorithm,
            name(issuer),
            sequence(utcTime(now.minus(Duration.ofDays(1))), utcTime(now.plus(validity))),
            name(subject),
            subjectKeys.getPublic().getEncoded(),
            tlv(0xA3, sequence(extensions.toArray(byte[][]::new))));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(issuerKey);
        signature.update(tbs);
        byte[] signed = signature.sign();
        byte[] bits = new byte[signed.length + 1];
        System.arraycopy(signed, 0, bits, 1, signed.length);
        byte[] der = sequence(tbs, algorithm, tlv(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** A name holding one common name (CN) only. */
    private static byte[] name(String commonName) {
        byte[] attribute = sequence(tlv(0x06, COMMON_NAME), tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)));
        return sequence(tlv(0x31, attribute));
    }

    private static byte[] extension(byte[] oid, boolean critical, byte[] value) {
        return critical
            ? sequence(tlv(0x06, oid), tlv(0x01, new byte[] {(byte) 0xFF}), tlv(0x04, value))
            : sequence(tlv(0x06, oid), tlv(0x04, value));
    }

    private static byte[] utcTime(Instant instant) {
        return tlv(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] ipv4(String address) {
        String[] parts = address.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return tlv(0x30, content.toByteArray());
    }

    /** DER tag, definite length, value. */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((length >>> (8 * i)) & 0xFF);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
