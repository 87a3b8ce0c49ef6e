package dev.tether.examples;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.proxy.TlsSettings;
import dev.tether.examples.tls.Pem;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's TLS options ({@code --trust-pem FILE} (repeatable), {@code --insecure-skip-verify},
 * {@code --tls-cert FILE} with {@code --tls-key FILE}) read into {@link TlsSettings}. A cert without
 * its key is a wrong command line; a file that cannot be read, holds no usable PEM block, or a key
 * that does not belong to the certificate is a command that cannot start. Every message names the
 * option and its file.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class TlsOptions {
    /** The flag; {@code --trust-pem}, {@code --tls-cert} and {@code --tls-key} take a value. */
    static final String INSECURE = "--insecure-skip-verify";

    private TlsOptions() {
    }

    /**
     * Reads the TLS options of {@code args}.
     *
     * @param args the proxy's options
     * @return the settings ({@link TlsSettings#DEFAULT} when none is given)
     * @throws UsageException if {@code --tls-cert} and {@code --tls-key} do not come together
     * @throws StartupException if a file cannot be read or parsed, or the key does not fit the certificate
     */
    static TlsSettings settings(Args args) throws UsageException, StartupException {
        String cert = args.value("--tls-cert", null);
        String key = args.value("--tls-key", null);
        if (cert != null && key == null) {
            throw new UsageException("--tls-cert needs --tls-key (the certificate's PKCS #8 private key, PEM)");
        }
        if (key != null && cert == null) {
            throw new UsageException("--tls-key needs --tls-cert (the certificate chain, PEM, leaf first)");
        }
        List<X509Certificate> trust = new ArrayList<>();
        for (String file : args.all("--trust-pem")) {
            trust.addAll(certificates("--trust-pem", file));
        }
        if (cert == null) {
            return new TlsSettings(trust, args.flag(INSECURE), List.of(), null);
        }
        List<X509Certificate> chain = certificates("--tls-cert", cert);
        PrivateKey privateKey;
        try {
            privateKey = Pem.privateKey(read("--tls-key", key), "--tls-key " + key);
        } catch (IOException e) {
            throw new StartupException(e.getMessage(), e);
        }
        TlsSettings settings = new TlsSettings(trust, args.flag(INSECURE), chain, privateKey);
        try {
            settings.serverContext(); // checks that the key belongs to the leaf certificate
        } catch (GeneralSecurityException e) {
            throw new StartupException("--tls-key " + key + " does not fit --tls-cert " + cert + ": " + e.getMessage(), e);
        }
        return settings;
    }

    private static List<X509Certificate> certificates(String flag, String file) throws StartupException {
        try {
            return Pem.certificates(read(flag, file), flag + " " + file);
        } catch (IOException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** The text of {@code file}, or a one-line failure naming {@code flag} and the file. */
    private static String read(String flag, String file) throws StartupException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new StartupException(flag + " " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new StartupException(flag + " " + file + ": permission denied", e);
        } catch (CharacterCodingException e) {
            throw new StartupException(flag + " " + file + ": not a PEM text file (a DER file? convert it with openssl)", e);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new StartupException(flag + " " + file + ": cannot read it: " + e.getMessage(), e);
        }
    }
}
