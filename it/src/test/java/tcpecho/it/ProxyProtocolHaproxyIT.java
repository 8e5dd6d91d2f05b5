package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PROXY protocol against the real thing: Debian's HAProxy (test.sh installs it) on free
 * 127.0.0.1 ports, started here and stopped by its pid. In front of a {@code proxy-protocol}
 * listener with {@code send-proxy} and {@code send-proxy-v2} (and v2 health checks, which send
 * LOCAL), and behind a {@code proxy} listener's {@code send-proxy-protocol}, with {@code accept-proxy}.
 * Clients connect from their own 127.0.0.0/8 addresses, so the address the worker logs can only have
 * come through the header.
 */
class ProxyProtocolHaproxyIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final byte[] DATA = "through haproxy\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final Masters masters = new Masters();

    private Process haproxy;

    @AfterEach
    void stopHaproxy() throws InterruptedException {
        if (haproxy != null) {
            haproxy.destroy();
            if (!haproxy.waitFor(5, TimeUnit.SECONDS)) {
                haproxy.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theWorkerLogsTheClientHaproxyNamesInV1AndV2AndHaproxyReadsWhatTheProxySends() throws Exception {
        assertTrue(Files.isExecutable(HAPROXY), "haproxy is not installed: apt-get install haproxy (test.sh does it)");
        MasterProcess master = masters.create();
        int v1 = MasterProcess.freePort();
        int v2 = MasterProcess.freePort();
        int accepting = MasterProcess.freePort();
        int sendsV1 = MasterProcess.freePort();
        int sendsV2 = MasterProcess.freePort();
        master.start("-c", ListenersIT.writeConfig(master, ProxyProtocolIT.listener("pp", master.port, "")
                + proxyTo("sends-v1", sendsV1, accepting, "v1") + proxyTo("sends-v2", sendsV2, accepting, "v2")).toString());
        startHaproxy(master, "frontend v1\n  bind 127.0.0.1:" + v1 + "\n  default_backend send_v1\n"
                + "frontend v2\n  bind 127.0.0.1:" + v2 + "\n  default_backend send_v2\n"
                + "frontend accepting\n  bind 127.0.0.1:" + accepting + " accept-proxy\n  default_backend send_v2\n"
                + "backend send_v1\n  server echo 127.0.0.1:" + master.port + " send-proxy\n"
                + "backend send_v2\n  server echo 127.0.0.1:" + master.port + " send-proxy-v2 check inter 500ms\n",
                v1, v2, accepting);

        String viaV1 = echoFrom("127.0.0.5", v1);
        String viaV2 = echoFrom("127.0.0.6", v2);
        String viaOurV1 = echoFrom("127.0.0.7", sendsV1);
        String viaOurV2 = echoFrom("127.0.0.8", sendsV2);

        Poll.until(Duration.ofSeconds(10), "the real clients in the worker log", () -> {
            String log = master.log();
            return log.contains("connection from " + viaV1 + " via /127.0.0.1:") && logged(log, viaV1, "(PROXY v1 TCP4) on pp")
                    && logged(log, viaV2, "(PROXY v2 TCP4) on pp")
                    && logged(log, viaOurV1, "(PROXY v2 TCP4) on pp") && logged(log, viaOurV2, "(PROXY v2 TCP4) on pp")
                    && log.contains("(PROXY v2 LOCAL) on pp");
        });
    }

    private static boolean logged(String log, String client, String how) {
        return log.lines().anyMatch(l -> l.contains("connection from " + client + " via /127.0.0.1:") && l.endsWith(how));
    }

    private static String proxyTo(String name, int port, int upstream, String version) {
        return "\n[[listener]]\nname = \"" + name + "\"\nprotocol = \"proxy\"\nport = " + port + "\nupstream = \"127.0.0.1:"
                + upstream + "\"\nsend-proxy-protocol = \"" + version + "\"\n";
    }

    /** Echoes DATA from {@code source} through {@code port}; returns the client's address as the worker logs it. */
    private static String echoFrom(String source, int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(source), 0)) {
            assertArrayEquals(DATA, ProxyClient.echo(socket, new byte[0], DATA));
            return "/" + source + ":" + socket.getLocalPort();
        }
    }

    private void startHaproxy(MasterProcess master, String sections, int... ports) throws IOException {
        Path config = master.dir.resolve("haproxy.cfg");
        Files.writeString(config, "global\n  maxconn 256\n"
                + "defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n" + sections);
        // -db: stay in the foreground, so the pid we started is haproxy's own.
        haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(master.dir.resolve("haproxy.out").toFile()).start();
        for (int port : ports) {
            Poll.until(Duration.ofSeconds(15), "haproxy to listen on " + port, () -> {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            });
        }
    }
}
