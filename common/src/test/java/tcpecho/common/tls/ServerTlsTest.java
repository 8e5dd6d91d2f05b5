package tcpecho.common.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM loading, the key/certificate check and the engines ServerTls makes, against certificates openssl makes now. */
class ServerTlsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Process openssl = new ProcessBuilder("../scripts/test-certs.sh", dir.toString()).inheritIO().start();
        assertEquals(0, openssl.waitFor(), "scripts/test-certs.sh failed");
    }

    private static TlsOptions options(String leaf, String clientCa) {
        return new TlsOptions(dir.resolve(leaf + ".pem"), dir.resolve(leaf + ".key"),
                clientCa == null ? null : dir.resolve(clientCa), TlsOptions.DEFAULT_PROTOCOLS, 5000);
    }

    @Test
    void loadsRsaAndEcPkcs8KeysWithTheirCertificates() throws Exception {
        assertEquals("RSA", ServerTls.load(options("server", null)).leaf().getPublicKey().getAlgorithm());
        assertEquals("EC", ServerTls.load(options("server-ec", null)).leaf().getPublicKey().getAlgorithm());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() {
        TlsOptions mismatched = new TlsOptions(dir.resolve("server.pem"), dir.resolve("server2.key"), null,
                TlsOptions.DEFAULT_PROTOCOLS, 5000);
        TlsFileException e = assertThrows(TlsFileException.class, () -> ServerTls.load(mismatched));
        assertEquals(dir.resolve("server2.key") + " does not match " + dir.resolve("server.pem")
                + " (the certificate's public key is another key's)", e.getMessage());
        TlsOptions otherAlgorithm = new TlsOptions(dir.resolve("server.pem"), dir.resolve("server-ec.key"), null,
                TlsOptions.DEFAULT_PROTOCOLS, 5000);
        assertEquals(dir.resolve("server-ec.key") + " does not match " + dir.resolve("server.pem")
                        + ": the key is EC, the certificate's is RSA",
                assertThrows(TlsFileException.class, () -> ServerTls.load(otherAlgorithm)).getMessage());
    }

    @Test
    void badFilesAreRefusedWithTheFileAndTheReason() throws IOException {
        Path pkcs1 = dir.resolve("server-pkcs1.key");
        assertTrue(assertThrows(TlsFileException.class, () -> PemFiles.privateKey(pkcs1)).getMessage()
                .startsWith(pkcs1 + " holds a RSA PRIVATE KEY (PKCS#1/SEC1), not PKCS#8 (convert it: openssl pkcs8"));
        Path missing = dir.resolve("nope.pem");
        assertEquals(missing + " cannot be read: no such file",
                assertThrows(TlsFileException.class, () -> PemFiles.certificates(missing)).getMessage());
        Path keyAsCert = dir.resolve("server.key");
        assertEquals(keyAsCert + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
                assertThrows(TlsFileException.class, () -> PemFiles.certificates(keyAsCert)).getMessage());
        Path garbled = dir.resolve("garbled.pem");
        String pem = Files.readString(dir.resolve("server.pem"));
        Files.writeString(garbled, pem.substring(0, 60) + "AAAA" + pem.substring(64));
        assertTrue(assertThrows(TlsFileException.class, () -> PemFiles.certificates(garbled)).getMessage()
                .startsWith(garbled + " is not a valid X.509 certificate: "));
    }

    @Test
    void enginesOfferTls13And12WithStrongSuitesOnly() throws Exception {
        SSLEngine engine = ServerTls.load(options("server", null)).newEngine();
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(engine.getEnabledProtocols()));
        for (String suite : engine.getEnabledCipherSuites()) {
            assertTrue(suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")
                    || suite.startsWith("TLS_ECDHE_") && !suite.contains("CBC"), suite);
        }
        assertTrue(List.of(engine.getEnabledCipherSuites()).contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    }

    @Test
    void handshakesWithAClientThatTrustsTheCaAndMtlsRequiresItsCertificate() throws Exception {
        assertEquals("TLSv1.3", handshake(ServerTls.load(options("server", null)), client(null, "TLSv1.3")));
        assertEquals("TLSv1.2", handshake(ServerTls.load(options("server-ec", null)), client(null, "TLSv1.2")));
        ServerTls mutual = ServerTls.load(options("server", "ca.pem"));
        assertEquals("TLSv1.3", handshake(mutual, client("client", "TLSv1.3")));
        assertThrows(SSLException.class, () -> handshake(mutual, client(null, "TLSv1.3")));
        assertThrows(SSLException.class, () -> handshake(mutual, client("stranger", "TLSv1.2")));
    }

    @Test
    void theSummaryWarnsWithinFourteenDaysOfExpiry() throws Exception {
        CertificateSummary expiring = CertificateSummary.of(ServerTls.load(options("expiring", null)).leaf());
        assertEquals("O=tcp-echo expiring,CN=localhost", expiring.subject());
        assertTrue(expiring.warning(Instant.now()).startsWith("certificate O=tcp-echo expiring,CN=localhost expires in 4 day(s), on "),
                expiring.warning(Instant.now()));
        CertificateSummary fresh = CertificateSummary.of(ServerTls.load(options("server", null)).leaf());
        assertNull(fresh.warning(Instant.now()));
        assertNotNull(fresh.warning(Instant.now().plus(Duration.ofDays(17))));
    }

    @Test
    void optionsRefuseVersionsBelowTls12() {
        assertEquals("tls-protocols must be one or both of TLSv1.3, TLSv1.2 (got TLSv1.1)",
                assertThrows(IllegalArgumentException.class, () -> new TlsOptions(Path.of("c"), Path.of("k"), null,
                        List.of("TLSv1.1"), 1)).getMessage());
    }

    /** A client engine trusting the test CA, presenting {@code leaf}'s certificate when not null. */
    private static SSLEngine client(String leaf, String protocol) throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (FileInputStream in = new FileInputStream(dir.resolve("ca.pem").toFile())) {
            trusted.setCertificateEntry("ca", x509.generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        if (leaf != null) {
            own.setKeyEntry("me", PemFiles.privateKey(dir.resolve(leaf + ".key")), new char[0],
                    PemFiles.certificates(dir.resolve(leaf + ".pem")).toArray(new X509Certificate[0]));
        }
        keys.init(own, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {protocol});
        return engine;
    }

    /** Runs both engines against each other in memory until both are done; returns the protocol agreed. */
    private static String handshake(ServerTls tls, SSLEngine client) throws Exception {
        SSLEngine server = tls.newEngine();
        ByteBuffer toServer = ByteBuffer.allocate(1 << 16);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 16);
        ByteBuffer sink = ByteBuffer.allocate(1 << 16);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 50; round++) {
            step(client, toServer, toClient, empty, sink);
            step(server, toClient, toServer, empty, sink);
            if (done(client) && done(server)) {
                byte[] hello = "hello".getBytes();
                toServer.clear();
                client.wrap(ByteBuffer.wrap(hello), toServer);
                toServer.flip();
                sink.clear();
                server.unwrap(toServer, sink);
                assertArrayEquals(hello, java.util.Arrays.copyOf(sink.array(), sink.position()));
                return server.getSession().getProtocol();
            }
        }
        throw new AssertionError("no handshake after 50 rounds");
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    /** One engine's turn: wrap what it wants to send into {@code out}, unwrap what {@code in} holds. */
    private static void step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer empty, ByteBuffer sink)
            throws SSLException {
        for (int i = 0; i < 10; i++) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> engine.wrap(empty, out);
                case NEED_TASK -> engine.getDelegatedTask().run();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    in.flip();
                    sink.clear();
                    var result = engine.unwrap(in, sink);
                    in.compact();
                    if (result.getStatus() == javax.net.ssl.SSLEngineResult.Status.BUFFER_UNDERFLOW
                            || result.bytesConsumed() == 0 && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                        return;
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }
}
