package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code proxy} protocol with TLS, against the real tools: openssl s_client and socat speak TLS
 * to a proxy listener that forwards plain to an echo listener of the same master; a plain client
 * goes through an {@code upstream-tls} proxy to socat's {@code OPENSSL-LISTEN} echo, and an upstream
 * whose certificate another CA signed costs only its own connections.
 */
class ProxyTlsIT {
    private static final byte[] HELLO = "hello through a tls proxy\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void aTlsProxyListenerTerminatesTlsAndForwardsPlainByteExact() throws Exception {
        MasterProcess master = masters.create();
        int proxy = startTlsProxyToEcho(master, "");

        for (String version : List.of("1_3", "1_2")) {
            TlsClients.Result result = TlsClients.sClient(proxy, HELLO, "-tls" + version);
            assertEquals(0, result.code(), result.toString());
            assertArrayEquals(HELLO, result.stdout(), result.toString());
            assertTrue(result.stderr().contains("Protocol version: TLSv" + version.replace('_', '.')), result.stderr());
        }

        // More than max-unsent many times over, so that both directions hit their back-pressure.
        Path input = master.dir.resolve("random.bin");
        Files.write(input, EchoClient.random(8_000_000, 29));
        TlsClients.Result bulk = TlsClients.socat(proxy, input);
        assertEquals(0, bulk.code(), bulk.toString());
        assertArrayEquals(Files.readAllBytes(input), bulk.stdout(), "what came back through the proxy differs");
        Poll.until(Duration.ofSeconds(10), "the proxy's closes logged with the byte counts",
                () -> master.log().contains("on tls-proxy conn ") && master.log().contains("in=8000000 out=8000000"));
    }

    @Test
    void strangersWhoNeverFinishTheirHandshakeCostNoUpstreamConnectionAndAreClosedAtTheTimeout() throws Exception {
        MasterProcess master = masters.create();
        int proxy = startTlsProxyToEcho(master, "tls-handshake-timeout = \"1s\"\n");
        int strangers = 40;
        List<Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < strangers; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy);
                socket.setSoTimeout(10_000);
                if (i % 2 == 1) {
                    // A record header promising a ClientHello that never comes.
                    socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
                }
                stalled.add(socket);
            }
            TlsClients.Result served = TlsClients.sClient(proxy, HELLO);
            assertArrayEquals(HELLO, served.stdout(), served.toString());
            for (Socket socket : stalled) {
                assertTrue(closedByServer(socket.getInputStream()), "a stalled handshake was not closed");
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        Poll.until(Duration.ofSeconds(10), "every stranger closed at the timeout", () -> master.log()
                .split("TLS handshake not finished within 1000 ms", -1).length - 1 == strangers);
        // The echo upstream saw only s_client's connection, forwarded once its handshake was done.
        assertEquals(1, master.log().split(" on plain-echo ", -1).length - 1, master.log());
    }

    @Test
    void anUpstreamTlsProxyCarriesPlainBytesToATlsUpstreamAndRefusesAnUpstreamOfAnotherCa() throws Exception {
        MasterProcess master = masters.create();
        int upstream = MasterProcess.freePort();
        int trusting = MasterProcess.freePort();
        int distrusting = MasterProcess.freePort();
        Path config = master.dir.resolve("upstream-tls.toml");
        Files.writeString(config, proxyTo("trusting", trusting, upstream, "ca.pem")
                + proxyTo("distrusting", distrusting, upstream, "other-ca.pem"));
        Process socat = new ProcessBuilder("socat", "OPENSSL-LISTEN:" + upstream + ",bind=127.0.0.1,reuseaddr,fork,verify=0,cert="
                + TlsClients.cert("server.pem") + ",key=" + TlsClients.cert("server.key"), "PIPE")
                .redirectErrorStream(true).redirectOutput(master.dir.resolve("socat.log").toFile()).start();
        try {
            Poll.until(Duration.ofSeconds(10), "socat listening on " + upstream, () -> accepts(upstream));
            master.start("-c", config.toString());

            byte[] data = EchoClient.random(4_000_000, 31);
            assertArrayEquals(data, EchoClient.echo(trusting, data), "what came back through the TLS upstream differs");

            try (Socket refused = new Socket()) {
                refused.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), distrusting), 10_000);
                refused.setSoTimeout(10_000);
                refused.getOutputStream().write(HELLO);
                assertTrue(endsWithoutBytes(refused.getInputStream()), "bytes came back through an untrusted upstream");
            }
            Poll.until(Duration.ofSeconds(10), "the refusal logged with its reason", () -> master.log().contains(
                    "proxy 'distrusting' -> localhost:" + upstream) && master.log().contains("TLS with the upstream failed")
                    && master.log().contains("unable to find valid certification path"));
            // Only that connection: the same worker still carries the trusting listener's.
            assertArrayEquals(HELLO, EchoClient.echo(trusting, HELLO));
        } finally {
            socat.destroy();
            if (!socat.waitFor(10, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        }
        assertFalse(socat.isAlive());
    }

    @Test
    void anUpstreamThatNeverAnswersTheHandshakeIsGivenUpAtConnectTimeout() throws Exception {
        MasterProcess master = masters.create();
        int proxy = MasterProcess.freePort();
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path config = master.dir.resolve("silent-upstream.toml");
            Files.writeString(config, proxyTo("silent", proxy, silent.getLocalPort(), "ca.pem") + "connect-timeout = \"1s\"\n");
            master.start("-c", config.toString());
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy)) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write(HELLO);
                assertTrue(endsWithoutBytes(client.getInputStream()), "bytes came back from a silent upstream");
            }
            Poll.until(Duration.ofSeconds(10), "the late handshake logged", () -> master.log().contains(
                    "TLS handshake with the upstream not finished within connect-timeout 1000 ms"));
        }
    }

    /**
     * Starts {@code master} with a plain echo listener "plain-echo" and a TLS proxy listener
     * "tls-proxy" (server.pem, then {@code extra} keys) forwarding to it; returns the proxy's port.
     */
    private static int startTlsProxyToEcho(MasterProcess master, String extra) throws Exception {
        int echo = MasterProcess.freePort();
        int proxy = MasterProcess.freePort();
        Path config = master.dir.resolve("proxy-tls.toml");
        Files.writeString(config, "[[listener]]\nname = \"plain-echo\"\nbind = \"127.0.0.1\"\nport = " + echo + "\n"
                + "[[listener]]\nname = \"tls-proxy\"\nprotocol = \"proxy\"\nbind = \"127.0.0.1\"\nport = " + proxy
                + "\nupstream = \"127.0.0.1:" + echo + "\"\ntls-cert = \"" + TlsClients.cert("server.pem")
                + "\"\ntls-key = \"" + TlsClients.cert("server.key") + "\"\n" + extra);
        master.start("-c", config.toString());
        return proxy;
    }

    /** A plain proxy listener on {@code port} speaking TLS to localhost:{@code upstream}, trusting {@code ca}. */
    private static String proxyTo(String name, int port, int upstream, String ca) {
        return "[[listener]]\nname = \"" + name + "\"\nprotocol = \"proxy\"\nbind = \"127.0.0.1\"\nport = " + port
                + "\nupstream = \"localhost:" + upstream + "\"\nupstream-tls = true\nupstream-tls-ca = \""
                + TlsClients.cert(ca) + "\"\n";
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the server ends the stream (FIN or RST, after an alert perhaps); false when the read times out. */
    private static boolean closedByServer(InputStream in) {
        try {
            while (in.read(new byte[512]) >= 0) {
                // a TLS alert explaining the close: not application bytes
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** True when the stream ends (FIN or RST) before any byte arrives. */
    private static boolean endsWithoutBytes(InputStream in) {
        try {
            return in.read() < 0;
        } catch (IOException reset) {
            return true;
        }
    }
}
