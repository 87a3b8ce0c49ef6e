package dev.tether.examples.tls;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SelfSignedCertificateTest {
    @ParameterizedTest
    @EnumSource(SelfSignedCertificate.KeyType.class)
    void theJdkParsesTheCertificateWithItsNamesAndVerifiesItsSignature(SelfSignedCertificate.KeyType type) throws Exception {
        SelfSignedCertificate s = SelfSignedCertificate.generate("tether test", List.of("localhost", "api.example.com"),
                List.of("127.0.0.1", "::1"), type, Duration.ofDays(2));
        X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(s.certificatePem().getBytes(StandardCharsets.US_ASCII)));

        c.verify(c.getPublicKey()); // self-signed: its own key checks the signature
        c.checkValidity(new Date());
        assertThat(c.getVersion()).isEqualTo(3);
        assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=tether test");
        assertThat(c.getIssuerX500Principal()).isEqualTo(c.getSubjectX500Principal());
        assertThat(c.getSerialNumber().signum()).isPositive();
        assertThat(c.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(c.getSubjectAlternativeNames()).extracting(l -> l.get(0) + "=" + l.get(1))
                .containsExactly("2=localhost", "2=api.example.com", "7=127.0.0.1", "7=0:0:0:0:0:0:0:1");
        assertThat(c.getPublicKey().getAlgorithm()).isEqualTo(type.name());
        assertThat(c.getNotAfter()).isAfter(new Date(System.currentTimeMillis() + Duration.ofDays(1).toMillis()));
    }

    @ParameterizedTest
    @EnumSource(SelfSignedCertificate.KeyType.class)
    void itsPemFilesReadBackIntoAWorkingServerContext(SelfSignedCertificate.KeyType type) throws Exception {
        SelfSignedCertificate s = SelfSignedCertificate.generate("localhost", List.of("localhost"), List.of(), type,
                Duration.ofDays(1));
        List<X509Certificate> chain = Pem.certificates(s.certificatePem(), "cert.pem");
        assertThat(chain).containsExactly(s.certificate());
        assertThat(Pem.privateKey(s.privateKeyPem(), "key.pem")).isEqualTo(s.privateKey());
        assertThat(TlsContexts.server(chain, Pem.privateKey(s.privateKeyPem(), "key.pem"))).isNotNull();
    }
}
