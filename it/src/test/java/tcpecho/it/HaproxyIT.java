package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/haproxy/haproxy.cfg with the real HAProxy (Debian's): {@code haproxy -c} accepts it with
 * and without PROXY protocol and rejects a broken copy; run (with send-proxy-v2) in front of real masters on loopback
 * addresses, its check (an echo round trip, then {@code GET /ready}) keeps a host that does not
 * answer out, and takes out a host whose stop has begun, while clients through it see every byte.
 */
class HaproxyIT {
    private static final Path CONFIG = MasterProcess.HOME.resolve("deploy/haproxy/haproxy.cfg");

    @RegisterExtension
    final Masters masters = new Masters();

    @TempDir
    Path dir;

    private Process haproxy;

    @AfterEach
    void stopHaproxy() {
        if (haproxy != null) {
            haproxy.destroyForcibly(); // by its own pid
        }
    }

    @Test
    void haproxyAcceptsTheConfigWithAndWithoutProxyProtocolAndRejectsABrokenCopy() throws Exception {
        Map<String, String> env = env(8090, 9145, 8000);

        Cli.Result proxied = check(CONFIG, env);
        env.put("ECHO_PLAIN", "1");
        Cli.Result plain = check(CONFIG, env);
        Path broken = dir.resolve("broken.cfg");
        Files.writeString(broken, Files.readString(CONFIG).replace("tcp-check expect binary", "tcp-check expect binery"));
        Cli.Result rejected = check(broken, env);

        assertEquals(0, proxied.code(), proxied.toString());
        assertTrue(proxied.stdout().contains("Configuration file is valid"), proxied.toString());
        assertEquals(0, plain.code(), plain.toString());
        assertNotEquals(0, rejected.code(), rejected.toString());
        assertTrue(rejected.stderr().contains("binery"), rejected.toString());
    }

    @Test
    void aHostThatDoesNotAnswerOrIsStoppingGetsNoNewClients() throws Exception {
        int port = MasterProcess.freePort();
        int metricsPort = MasterProcess.freePort();
        MasterProcess host1 = host("127.0.0.2", port, metricsPort);
        MasterProcess host2 = host("127.0.0.3", port, metricsPort);
        int balancer = MasterProcess.freePort();
        Map<String, String> env = env(port, metricsPort, balancer);
        Path log = dir.resolve("haproxy.log");
        ProcessBuilder builder = new ProcessBuilder("haproxy", "-f", CONFIG.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        haproxy = builder.start();

        Poll.until(Duration.ofSeconds(15), "host1 and host2 up, host3 (nothing there) down",
                () -> serverStates().equals(Map.of("host1", "UP", "host2", "UP", "host3", "DOWN")));
        echoThrough(balancer, 40);
        Poll.until(Duration.ofSeconds(5), "host1 logs a client with the address HAProxy's PROXY v2 header names",
                () -> host1.log().matches("(?s).*connection from /127\\.0\\.0\\.1:\\d+ via /127\\.0\\.0\\.1:\\d+ \\(PROXY v2 TCP4\\).*"));
        // the counters come with the workers' heartbeats, once a second
        Poll.until(Duration.ofSeconds(10), "both hosts served", () -> accepted(host1) > 0 && accepted(host2) > 0);

        try (Socket held = new Socket("127.0.0.2", port)) {
            // from 127.0.0.1, a trusted balancer's address: it must begin with a header too
            held.getOutputStream().write(("PROXY TCP4 192.0.2.7 127.0.0.2 40000 " + port + "\r\nx")
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals('x', held.getInputStream().read(), "the held connection echoes");
            host1.process().destroy(); // SIGTERM: a graceful stop, kept draining by the held connection
            Poll.until(Duration.ofSeconds(10), "host1 down", () -> "DOWN".equals(serverStates().get("host1")));
            int from = Files.readString(log).length();
            echoThrough(balancer, 40);
            List<String> sessions = Poll.until(Duration.ofSeconds(5), "HAProxy's 40 session lines", () -> {
                List<String> lines = sessionLines(log, from);
                return lines.size() >= 40 ? lines : null;
            });
            assertTrue(sessions.stream().allMatch(line -> line.contains(" echo echo_hosts/host2 ")),
                    "host2 took every new client: " + sessions);
            assertTrue(host1.process().isAlive(), "host1 still drains its held connection");
        }
        assertTrue(Files.readString(log).contains("Server echo_hosts/host1 is DOWN"), Files.readString(log));
    }

    /**
     * A master with 2 workers on {@code address}:{@code port}, which takes PROXY headers from the
     * balancer (on 127.0.0.1, the source of loopback connections), metrics on {@code address}:{@code metricsPort}.
     */
    private MasterProcess host(String address, int port, int metricsPort) throws IOException {
        MasterProcess master = masters.create();
        Path config = dir.resolve(address + ".toml");
        Files.writeString(config, "[[listener]]\nprotocol = \"echo\"\nport = " + port
                + "\nproxy-protocol = true\nproxy-protocol-from = [\"127.0.0.1\"]\n");
        master.launch(List.of("start", "-c", config.toString(), "-p", Integer.toString(port), "-b", address,
                "-w", Integer.toString(MasterProcess.WORKERS),
                "--metrics", address + ":" + metricsPort, "--control-socket", master.controlSocket.toString(),
                "--pid-file", master.pidFile.toString(), "--log-file", master.logFile.toString()));
        master.awaitServing(1);
        return master;
    }

    private Map<String, String> env(int port, int metricsPort, int balancer) {
        Map<String, String> env = new HashMap<>();
        env.put("ECHO_HOST_1", "127.0.0.2");
        env.put("ECHO_HOST_2", "127.0.0.3");
        env.put("ECHO_HOST_3", "127.0.0.4");
        env.put("ECHO_PORT", Integer.toString(port));
        env.put("METRICS_PORT", Integer.toString(metricsPort));
        env.put("LB_BIND", "127.0.0.1:" + balancer);
        env.put("LB_ADMIN_SOCKET", dir.resolve("admin.sock").toString());
        return env;
    }

    private static Cli.Result check(Path config, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of("env"));
        env.forEach((k, v) -> command.add(k + "=" + v));
        command.addAll(List.of("haproxy", "-c", "-f", config.toString()));
        return Cli.run(command);
    }

    private static void echoThrough(int balancer, int clients) throws IOException {
        for (int i = 0; i < clients; i++) {
            byte[] data = EchoClient.random(2000, i);
            assertArrayEquals(data, EchoClient.echo(balancer, data), "client " + i + " through HAProxy");
        }
    }

    private static long accepted(MasterProcess host) {
        return MasterProcess.workers(host.status()).stream().mapToLong(w -> w.get("accepted").getAsLong()).sum();
    }

    /** HAProxy's tcplog lines of finished sessions, from character {@code from} of its log on. */
    private static List<String> sessionLines(Path log, int from) {
        try {
            return Files.readString(log).substring(from).lines().filter(line -> line.contains(" echo echo_hosts/")).toList();
        } catch (IOException unreadable) {
            return List.of();
        }
    }

    /** Each server's state from HAProxy's runtime API ({@code show servers state}: column 6 is 2 when running). */
    private Map<String, String> serverStates() {
        Map<String, String> states = new HashMap<>();
        try (SocketChannel admin = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            admin.connect(UnixDomainSocketAddress.of(dir.resolve("admin.sock")));
            admin.write(ByteBuffer.wrap("show servers state echo_hosts\n".getBytes(StandardCharsets.US_ASCII)));
            StringBuilder text = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (admin.read(buffer.clear()) > 0) {
                text.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
            }
            for (String line : text.toString().split("\n")) {
                String[] fields = line.trim().split(" ");
                if (fields.length > 5 && fields[1].equals("echo_hosts")) {
                    states.put(fields[3], fields[5].equals("2") ? "UP" : "DOWN");
                }
            }
        } catch (IOException notYet) {
            return Map.of();
        }
        return states;
    }
}
