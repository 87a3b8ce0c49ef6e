package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadSafe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM (RFC 7468) reading and writing: {@code CERTIFICATE} blocks into X.509 certificates and a PKCS #8
 * {@code PRIVATE KEY} block (RSA or EC) into a private key. Anything else is a clear
 * {@link IOException} naming the source and what was found.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private Pem() {
    }

    /**
     * Every certificate in a PEM file, in order (a chain starts with the leaf).
     *
     * @param file the file
     * @return at least one certificate
     * @throws IOException if the file cannot be read, holds no {@code CERTIFICATE} block, or one does not parse
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return certificates(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /**
     * The PKCS #8 private key of a PEM file.
     *
     * @param file the file
     * @return the key
     * @throws IOException if the file cannot be read or holds no PKCS #8 RSA or EC key
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return privateKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /**
     * Every certificate in PEM text.
     *
     * @param pem the text
     * @param source names the text in errors
     * @return at least one certificate
     * @throws IOException if there is none or one does not parse
     */
    public static List<X509Certificate> certificates(String pem, String source) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(pem, "CERTIFICATE", source)) {
                out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(source + ": a CERTIFICATE block is not an X.509 certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException(source + ": no CERTIFICATE block");
        }
        return out;
    }

    /**
     * The PKCS #8 private key in PEM text, RSA or EC.
     *
     * @param pem the text
     * @param source names the text in errors
     * @return the key
     * @throws IOException if there is no {@code PRIVATE KEY} block or it is neither RSA nor EC
     */
    public static PrivateKey privateKey(String pem, String source) throws IOException {
        List<byte[]> keys = blocks(pem, "PRIVATE KEY", source);
        if (keys.isEmpty()) {
            String hint = pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")
                    ? " (a PKCS #1 or SEC 1 key: convert it with `openssl pkcs8 -topk8 -nocrypt`)"
                    : pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") ? " (encrypted keys are not supported)" : "";
            throw new IOException(source + ": no PKCS #8 PRIVATE KEY block" + hint);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Not this algorithm: try the next.
            }
        }
        throw new IOException(source + ": the PRIVATE KEY is neither an RSA nor an EC PKCS #8 key");
    }

    /**
     * One PEM block of DER bytes, lines of 64 characters.
     *
     * @param type the label, {@code CERTIFICATE}
     * @param der the bytes
     * @return the text, ending in a line break
     */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static List<byte[]> blocks(String pem, String type, String source) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    out.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new IOException(source + ": a " + type + " block is not valid base64", e);
                }
            }
        }
        return out;
    }
}
