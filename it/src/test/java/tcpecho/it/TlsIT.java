package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TLS listeners of a real master, with the clients users run: openssl s_client (TLS 1.3 and 1.2,
 * with and without a client certificate), socat, sslscan, and the JDK's TLS socket for a
 * connection held open while strangers misbehave and the certificate is rotated by a reload.
 */
class TlsIT {
    private static final byte[] HELLO = "hello over tls\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final Masters masters = new Masters();

    /** A config with one listener per entry of {@code listeners} ("name port extra-keys"), TLS with server.pem. */
    private static Path config(MasterProcess master, String... listeners) throws Exception {
        StringBuilder text = new StringBuilder("# TLS listeners of the master on " + master.port + "\n");
        for (String listener : listeners) {
            String[] parts = listener.split(" ", 3);
            text.append("[[listener]]\nname = \"").append(parts[0]).append("\"\nbind = \"127.0.0.1\"\nport = ")
                    .append(parts[1]).append('\n');
            if (parts.length > 2) {
                text.append(parts[2].replace("; ", "\n")).append('\n');
            }
        }
        Path file = master.dir.resolve("tls.toml");
        Files.writeString(file, text.toString());
        return file;
    }

    private static String tls(String leaf) {
        return "tls-cert = \"" + TlsClients.cert(leaf + ".pem") + "\"; tls-key = \"" + TlsClients.cert(leaf + ".key") + "\"";
    }

    @Test
    void sClientEchoesOverTls13AndTls12AndSslscanFindsNothingOlderOrWeak() throws Exception {
        MasterProcess master = masters.create();
        int port = MasterProcess.freePort();
        master.start("-c", config(master, "tls " + port + " " + tls("server")).toString());

        for (String version : List.of("1_3", "1_2")) {
            TlsClients.Result result = TlsClients.sClient(port, HELLO, "-tls" + version);
            assertEquals(0, result.code(), result.toString());
            assertArrayEquals(HELLO, result.stdout(), result.toString());
            assertTrue(result.stderr().contains("Protocol version: TLSv" + version.replace('_', '.')), result.stderr());
            assertTrue(result.stderr().contains("Verification: OK"), result.stderr());
        }

        TlsClients.Result scan = TlsClients.run(List.of("sslscan", "--no-colour", "--no-heartbleed", "127.0.0.1:" + port),
                new byte[0], Integer.MAX_VALUE);
        String report = scan.out();
        assertEquals(0, scan.code(), report + scan.stderr());
        for (String old : List.of("SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1")) {
            assertTrue(Pattern.compile(Pattern.quote(old) + "\\s+disabled").matcher(report).find(), old + ":\n" + report);
        }
        assertTrue(Pattern.compile("TLSv1\\.2\\s+enabled").matcher(report).find(), report);
        assertTrue(Pattern.compile("TLSv1\\.3\\s+enabled").matcher(report).find(), report);
        Matcher accepted = Pattern.compile("(?m)^(?:Preferred|Accepted)\\s+(TLSv1\\.[23])\\s+(\\d+) bits\\s+(\\S+)").matcher(report);
        int ciphers = 0;
        while (accepted.find()) {
            ciphers++;
            String cipher = accepted.group(3);
            assertTrue(Integer.parseInt(accepted.group(2)) >= 128, accepted.group());
            assertTrue(cipher.contains("GCM") || cipher.contains("CHACHA20"), "not an AEAD suite: " + accepted.group());
            assertTrue(accepted.group(1).equals("TLSv1.3") || cipher.startsWith("ECDHE-"), "no forward secrecy: "
                    + accepted.group());
        }
        assertTrue(ciphers >= 3, "sslscan listed " + ciphers + " accepted ciphers:\n" + report);
    }

    @Test
    void mutualTlsEchoesOnlyForAClientCertificateOfTheCa() throws Exception {
        MasterProcess master = masters.create();
        int port = MasterProcess.freePort();
        master.start("-c", config(master, "mtls " + port + " " + tls("server-ec") + "; tls-client-ca = \""
                + TlsClients.cert("ca.pem") + "\"").toString());

        TlsClients.Result good = TlsClients.sClient(port, HELLO, "-cert", TlsClients.cert("client.pem").toString(),
                "-key", TlsClients.cert("client.key").toString());
        assertEquals(0, good.code(), good.toString());
        assertArrayEquals(HELLO, good.stdout(), good.toString());

        TlsClients.Result none = TlsClients.sClient(port, HELLO, "-tls1_3");
        assertNotEquals(0, none.code(), none.toString());
        assertEquals(0, none.stdout().length, "echoed to a client without a certificate");
        TlsClients.Result stranger = TlsClients.sClient(port, HELLO, "-tls1_2", "-cert",
                TlsClients.cert("stranger.pem").toString(), "-key", TlsClients.cert("stranger.key").toString());
        assertNotEquals(0, stranger.code(), stranger.toString());
        assertEquals(0, stranger.stdout().length, "echoed to a client whose certificate another CA signed");
        Poll.until(Duration.ofSeconds(10), "both refusals logged", () -> master.log().contains("Empty client certificate chain")
                && master.log().contains("unable to find valid certification path"));
    }

    @Test
    void socatCarries50MegabytesOfRandomBytesByteExact() throws Exception {
        MasterProcess master = masters.create();
        int port = MasterProcess.freePort();
        master.start("-c", config(master, "tls " + port + " " + tls("server-ec")).toString());
        Path input = master.dir.resolve("random.bin");
        Files.write(input, EchoClient.random(50_000_000, 13));

        TlsClients.Result result = TlsClients.socat(port, input);
        assertEquals(0, result.code(), result.toString());
        assertEquals(50_000_000, result.stdout().length);
        assertArrayEquals(Files.readAllBytes(input), result.stdout(), "the echo differs from what was sent");
    }

    @Test
    void plainTcpAStalledHandshakeAndAWrongCertificateCostOnlyTheirOwnConnection() throws Exception {
        MasterProcess master = masters.create();
        int port = MasterProcess.freePort();
        int mutual = MasterProcess.freePort();
        master.start("-c", config(master, "tls " + port + " " + tls("server") + "; tls-handshake-timeout = \"2s\"",
                "mtls " + mutual + " " + tls("server") + "; tls-client-ca = \"" + TlsClients.cert("ca.pem") + "\"").toString());

        // The test JVM's first TLS handshake loads the JDK's TLS classes: done here, not against the timeout.
        try (SSLSocket warmUp = TlsClients.connect(mutual)) {
            warmUp.getSession();
        } catch (java.io.IOException refusedWithoutCertificate) {
            // expected with TLS 1.2; with 1.3 the refusal comes after the handshake
        }
        try (SSLSocket held = TlsClients.connect(port);
             Socket stalled = new Socket(InetAddress.getLoopbackAddress(), port);
             Socket plain = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertArrayEquals(HELLO, TlsClients.exchange(held, HELLO));
            long start = System.nanoTime();
            stalled.setSoTimeout(10_000);
            plain.setSoTimeout(10_000);

            OutputStream out = plain.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = plain.getInputStream();
            while (in.read() >= 0) {
                // the server may answer with an alert before it closes; what matters is that it closes
            }
            assertArrayEquals(HELLO, TlsClients.exchange(held, HELLO), "the held connection echoes after plain TCP");

            TlsClients.Result wrong = TlsClients.sClient(mutual, HELLO, "-cert", TlsClients.cert("stranger.pem").toString(),
                    "-key", TlsClients.cert("stranger.key").toString());
            assertNotEquals(0, wrong.code(), wrong.toString());
            assertArrayEquals(HELLO, TlsClients.exchange(held, HELLO), "the held connection echoes after a wrong certificate");

            // Closed, after at most an alert record (user_canceled or close_notify) from the engine.
            byte[] answer = stalled.getInputStream().readAllBytes();
            assertTrue(answer.length == 0 || answer[0] == 21, "a stalled handshake got " + answer.length + " bytes");
            long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(waited >= 1500 && waited < 8000, "closed after " + waited + " ms (tls-handshake-timeout 2 s)");
            assertArrayEquals(HELLO, TlsClients.exchange(held, HELLO), "the held connection echoes after the timeout");
        }
        Poll.until(Duration.ofSeconds(10), "the three closes logged with their reasons", () -> {
            String log = master.log();
            return log.contains("(TLS handshake not finished within 2000 ms)")
                    && log.contains("Unrecognized SSL message, plaintext connection?")
                    && log.contains("unable to find valid certification path");
        });
    }

    /**
     * The TLS attack: many connections that start a handshake and stall (half of them after a record
     * header promising more) hold nothing past tls-handshake-timeout, and a real client is served
     * meanwhile.
     */
    @Test
    void manyStalledHandshakesAreClosedAtTheTimeoutWhileARealClientIsServed() throws Exception {
        MasterProcess master = masters.create();
        int port = MasterProcess.freePort();
        master.start("-c", config(master, "tls " + port + " " + tls("server-ec") + "; tls-handshake-timeout = \"2s\"")
                .toString());
        int attackers = 300;
        List<Socket> stalled = new java.util.ArrayList<>();
        try {
            long start = System.nanoTime();
            for (int i = 0; i < attackers; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(15_000);
                if (i % 2 == 0) {
                    // A handshake record header announcing 512 bytes, then 3 of them.
                    socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01});
                }
                stalled.add(socket);
            }
            TlsClients.Result served = TlsClients.sClient(port, HELLO);
            assertArrayEquals(HELLO, served.stdout(), "a real client is served while " + attackers + " handshakes stall: "
                    + served);
            for (Socket socket : stalled) {
                byte[] answer = socket.getInputStream().readAllBytes();
                assertTrue(answer.length == 0 || answer[0] == 21, "a stalled handshake got " + answer.length + " bytes");
            }
            long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(waited < 12_000, "the last stalled handshake was closed after " + waited + " ms (timeout 2 s)");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        Poll.until(Duration.ofSeconds(10), "every stalled handshake logged as timed out", () ->
                master.log().split("TLS handshake not finished within 2000 ms", -1).length - 1 == attackers);
    }

    @Test
    void reloadRotatesTheCertificateWhileAnOpenConnectionEchoesAndABadKeyKeepsTheOldGeneration() throws Exception {
        MasterProcess master = masters.create();
        int port = MasterProcess.freePort();
        Path config = config(master, "tls " + port + " " + tls("server"));
        master.start("-c", config.toString());
        assertEquals(TlsClients.serialOf("server.pem"), TlsClients.servedSerial(port));

        try (SSLSocket held = TlsClients.connect(port)) {
            assertArrayEquals(HELLO, TlsClients.exchange(held, HELLO));
            Files.writeString(config, Files.readString(config).replace("server.", "server2."));
            Cli.Result reload = master.cli("reload");
            assertEquals(0, reload.code(), reload.toString());
            assertEquals(TlsClients.serialOf("server2.pem"), TlsClients.servedSerial(port), "new connections get the new certificate");
            assertArrayEquals(HELLO, TlsClients.exchange(held, HELLO), "the connection opened before the reload still echoes");
            assertEquals(TlsClients.serialOf("server.pem"), serialOf(held), "it keeps the certificate it was opened with");
        }
        // Closed, so generation 1 drains at once: a reload waits until the previous generation is gone.
        try (SSLSocket held = TlsClients.connect(port)) {
            String rotated = Files.readString(config);
            Files.writeString(config, rotated.replace("server2.key", "server.key"));
            Cli.Result bad = master.cli("reload");
            assertEquals(1, bad.code(), bad.toString());
            assertTrue(bad.stderr().contains(config + ":7: listener[1].tls-key: " + TlsClients.cert("server.key")
                    + " does not match " + TlsClients.cert("server2.pem")), bad.toString());
            assertEquals(2, master.status().getAsJsonObject("master").get("generation").getAsLong());
            assertEquals(TlsClients.serialOf("server2.pem"), TlsClients.servedSerial(port), "generation 2 keeps serving");
            assertArrayEquals(HELLO, TlsClients.exchange(held, HELLO));
        }
    }

    @Test
    void checkNamesEachCertificateWarnsNearExpiryAndRefusesAKeyOfAnotherCertificate() throws Exception {
        MasterProcess master = masters.create();
        Path config = config(master, "soon " + MasterProcess.freePort() + " " + tls("expiring"));
        Cli.Result check = Cli.master("check", "-c", config.toString());
        assertEquals(0, check.code(), check.toString());
        assertTrue(check.stdout().contains("# listener 'soon': certificate O=tcp-echo expiring,CN=localhost, serial "),
                check.toString());
        assertTrue(Pattern.compile("# warning: listener 'soon': certificate O=tcp-echo expiring,CN=localhost expires in [45]"
                + " day\\(s\\), on 20").matcher(check.stdout()).find(), check.toString());

        Files.writeString(config, Files.readString(config).replace("expiring.key", "server-ec.key"));
        Cli.Result mismatch = Cli.master("check", "-c", config.toString());
        assertEquals(1, mismatch.code(), mismatch.toString());
        assertEquals("tcp-echo-master: " + config + ":7: listener[1].tls-key: " + TlsClients.cert("server-ec.key")
                + " does not match " + TlsClients.cert("expiring.pem") + " (the certificate's public key is another key's)",
                mismatch.stderr().strip().lines().findFirst().orElse(""));
    }

    private static String serialOf(SSLSocket socket) throws Exception {
        return TlsClients.hexSerial(((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
                .getSerialNumber().toString(16));
    }
}
