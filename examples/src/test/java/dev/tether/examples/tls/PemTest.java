package dev.tether.examples.tls;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemTest {
    @Test
    void aFileWithoutCertificatesIsAClearErrorNamingIt() {
        assertThatThrownBy(() -> Pem.certificates("hello", "a.pem"))
                .isInstanceOf(IOException.class).hasMessage("a.pem: no CERTIFICATE block");
    }

    @Test
    void aCertificateBlockThatDoesNotParseIsAClearError() {
        String pem = Pem.encode("CERTIFICATE", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
        assertThatThrownBy(() -> Pem.certificates(pem, "a.pem"))
                .isInstanceOf(IOException.class).hasMessageStartingWith("a.pem: a CERTIFICATE block is not an X.509 certificate");
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheWayToConvertIt() {
        String pem = Pem.encode("RSA PRIVATE KEY", new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Pem.privateKey(pem, "k.pem"))
                .isInstanceOf(IOException.class).hasMessageContaining("k.pem: no PKCS #8 PRIVATE KEY block")
                .hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void aPrivateKeyBlockOfNeitherRsaNorEcIsAClearError() {
        String pem = Pem.encode("PRIVATE KEY", new byte[] {0x30, 0x00});
        assertThatThrownBy(() -> Pem.privateKey(pem, "k.pem"))
                .isInstanceOf(IOException.class).hasMessage("k.pem: the PRIVATE KEY is neither an RSA nor an EC PKCS #8 key");
    }

    @Test
    void encodingWrapsBase64AtSixtyFourColumns() {
        String pem = Pem.encode("CERTIFICATE", new byte[100]);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("\n-----END CERTIFICATE-----\n");
        assertThat(pem.split("\n")[1]).hasSize(64);
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
        assertThat(Base64.getMimeDecoder().decode(body)).hasSize(100);
    }
}
