package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A self-signed X.509 v3 certificate made in memory (for the demo and tests): a new key pair, a
 * TBSCertificate written with {@link Der} (RFC 5280 §4.1) with a subject alternative name for every
 * given DNS name and IP address, signed with {@link Signature}, and parsed back by the JDK's
 * {@link CertificateFactory}. No file, no external tool, no internal JDK API.
 *
 * <p>Thread safety: immutable.
 *
 * @param certificate the certificate
 * @param privateKey its key
 */
@ThreadSafe
public record SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey) {
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss").withZone(ZoneOffset.UTC);

    /**
     * The key algorithms offered.
     *
     * <p>Thread safety: immutable.
     */
    @ThreadSafe
    public enum KeyType {
        /** ECDSA on P-256 with SHA-256. */
        EC("EC", "SHA256withECDSA", "1.2.840.10045.4.3.2", false),
        /** RSA 2048 with SHA-256 (PKCS #1 v1.5). */
        RSA("RSA", "SHA256withRSA", "1.2.840.113549.1.1.11", true);

        private final String keyAlgorithm;
        private final String signatureAlgorithm;
        private final String signatureOid;
        private final boolean nullParameters;

        KeyType(String keyAlgorithm, String signatureAlgorithm, String signatureOid, boolean nullParameters) {
            this.keyAlgorithm = keyAlgorithm;
            this.signatureAlgorithm = signatureAlgorithm;
            this.signatureOid = signatureOid;
            this.nullParameters = nullParameters;
        }

        /** The AlgorithmIdentifier of the signature (RFC 5754 §3: no parameters for ECDSA, NULL for RSA). */
        byte[] algorithmIdentifier() {
            return nullParameters ? Der.sequence(Der.oid(signatureOid), Der.nullValue()) : Der.sequence(Der.oid(signatureOid));
        }
    }

    /**
     * A certificate for {@code localhost} and {@code 127.0.0.1}, EC, valid from an hour ago for 30 days.
     *
     * @return the certificate and key
     * @throws GeneralSecurityException if the JDK lacks the algorithms
     */
    public static SelfSignedCertificate localhost() throws GeneralSecurityException {
        return generate("localhost", List.of("localhost"), List.of("127.0.0.1"), KeyType.EC, Duration.ofDays(30));
    }

    /**
     * Makes a certificate.
     *
     * @param commonName the subject's and issuer's CN
     * @param dnsNames DNS names for the subject alternative name
     * @param ipAddresses IP address literals for the subject alternative name
     * @param type the key type
     * @param validity how long from now it is valid (it is valid from an hour ago, for clock skew)
     * @return the certificate and key
     * @throws GeneralSecurityException if the JDK lacks the algorithms
     * @throws IllegalArgumentException if an address is not an IP literal
     */
    public static SelfSignedCertificate generate(String commonName, List<String> dnsNames, List<String> ipAddresses,
                                                 KeyType type, Duration validity) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance(type.keyAlgorithm);
        if (type == KeyType.EC) {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            g.initialize(2048);
        }
        KeyPair keys = g.generateKeyPair();
        Instant now = Instant.now();
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8String(commonName))));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)), // version v3
                Der.integer(new BigInteger(64, new SecureRandom()).setBit(62)), // positive, 8 bytes
                type.algorithmIdentifier(),
                name,
                Der.sequence(Der.utcTime(UTC_TIME.format(now.minus(Duration.ofHours(1)))),
                        Der.utcTime(UTC_TIME.format(now.plus(validity)))),
                name,
                keys.getPublic().getEncoded(), // already a DER SubjectPublicKeyInfo
                Der.explicit(3, Der.sequence(subjectAltName(dnsNames, ipAddresses), basicConstraints())));
        Signature s = Signature.getInstance(type.signatureAlgorithm);
        s.initSign(keys.getPrivate());
        s.update(tbs);
        byte[] der = Der.sequence(tbs, type.algorithmIdentifier(), Der.bitString(s.sign()));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        return new SelfSignedCertificate(cert, keys.getPrivate());
    }

    /** RFC 5280 §4.2.1.6: dNSName is [2] IA5String, iPAddress is [7] OCTET STRING, both implicit. */
    private static byte[] subjectAltName(List<String> dnsNames, List<String> ipAddresses) throws GeneralSecurityException {
        java.io.ByteArrayOutputStream names = new java.io.ByteArrayOutputStream();
        for (String d : dnsNames) {
            names.writeBytes(Der.tlv(0x82, d.getBytes(StandardCharsets.US_ASCII)));
        }
        for (String ip : ipAddresses) {
            if (!TlsNames.isIpLiteral(ip)) {
                throw new IllegalArgumentException("not an IP address literal: " + ip);
            }
            try {
                names.writeBytes(Der.tlv(0x87, InetAddress.getByName(ip).getAddress())); // a literal: no lookup
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address literal: " + ip, e);
            }
        }
        return Der.sequence(Der.oid("2.5.29.17"), Der.octetString(Der.tlv(Der.SEQUENCE, names.toByteArray())));
    }

    /** RFC 5280 §4.2.1.9: critical, not a CA. */
    private static byte[] basicConstraints() {
        return Der.sequence(Der.oid("2.5.29.19"), Der.bool(true), Der.octetString(Der.sequence()));
    }

    /** The certificate as a PEM {@code CERTIFICATE} block. */
    public String certificatePem() {
        try {
            return Pem.encode("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate has an encoding", e);
        }
    }

    /** The key as a PEM PKCS #8 {@code PRIVATE KEY} block. */
    public String privateKeyPem() {
        return Pem.encode("PRIVATE KEY", privateKey.getEncoded());
    }
}
