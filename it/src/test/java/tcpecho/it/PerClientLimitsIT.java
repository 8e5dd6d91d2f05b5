package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * max-connections-per-ip and connect-rate-per-ip against a real master with 2 workers, from
 * distinct client addresses of 127.0.0.0/8 (root may bind any of them as a source).
 */
class PerClientLimitsIT {
    private static final Duration SETTLE = Duration.ofSeconds(15);

    @RegisterExtension
    final Masters masters = new Masters();

    @TempDir
    Path dir;

    private final List<Socket> held = new ArrayList<>();

    @AfterEach
    void closeHeld() throws IOException {
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void anAddressOverItsLimitIsClosedAtAcceptCountedAndLoggedWhileOthersGetIn() throws Exception {
        int metricsPort = MasterProcess.freePort();
        MasterProcess master = masters.start("--max-connections-per-ip", "4", "--metrics", "127.0.0.1:" + metricsPort);

        int admitted = 0;
        for (int i = 0; i < 12; i++) {
            admitted += tryEcho("127.0.0.2", master.port, i) ? 1 : 0;
        }

        // Each of the 2 workers admits its share, ceil(4 / 2) = 2: never more than 4 in all, and the
        // kernel's hash spreads 12 attempts over both workers, so fewer than 2 would be a bug.
        assertTrue(admitted >= 2 && admitted <= 4, "admitted " + admitted + " of 12");
        long refused = 12 - admitted;
        assertTrue(tryEcho("127.0.0.3", master.port, 99), "another address is not limited by the first one's count");
        for (int i = 0; i < admitted; i++) {
            assertTrue(echoes(held.get(i), i), "admitted connection " + i + " still echoes");
        }
        Poll.until(SETTLE, "status counts " + refused + " refused", () -> dropped(master.status(),
                "max-connections-per-ip") == refused);
        String labels = "{listener=\"echo\",protocol=\"echo\",reason=\"max-connections-per-ip\"}";
        Poll.until(SETTLE, "the metrics count " + refused + " refused",
                () -> scrape(metricsPort).contains("\ntcp_echo_listener_dropped_total" + labels + " " + refused + "\n"));
        Poll.until(SETTLE, "one summary line", () -> master.log().contains(" connection(s) since the last report:"
                + " max-connections-per-ip "));
        assertTrue(master.log().lines().filter(l -> l.contains("connection(s) since the last report")).count() <= refused,
                "never one line per refused connection:\n" + master.log());

        held.get(0).close();
        assertTrue(Poll.until(SETTLE, "a closed connection frees its place", () -> tryEcho("127.0.0.2", master.port, 7)
                ? Boolean.TRUE : null));
    }

    @Test
    void aReloadChangesTheLimitWithoutDroppingOpenConnections() throws Exception {
        Path config = dir.resolve("limits.toml");
        Files.writeString(config, "max-connections-per-ip = 2\n");
        MasterProcess master = masters.start("-c", config.toString());
        int before = 0;
        for (int i = 0; i < 10; i++) {
            before += tryEcho("127.0.0.4", master.port, i) ? 1 : 0;
        }
        assertTrue(before >= 1 && before <= 2, "admitted " + before + " under a limit of 2");

        Files.writeString(config, "max-connections-per-ip = 1\n[[listener]]\nport = " + master.port
                + "\nbind = \"127.0.0.1\"\nname = \"echo\"\nmax-connections-per-ip = 6\n");
        Cli.Result reload = master.cli("reload");
        assertEquals(0, reload.code(), reload.toString());

        for (int i = 0; i < before; i++) {
            assertTrue(echoes(held.get(i), i), "connection " + i + " from before the reload still echoes");
        }
        String check = Cli.master("check", "-c", config.toString()).stdout();
        assertTrue(check.contains("max-connections-per-ip=6"), check);
        int after = 0;
        for (int i = 0; i < 16; i++) {
            after += tryEcho("127.0.0.4", master.port, 20 + i) ? 1 : 0;
        }
        // The new generation counts only its own connections (the documented bound of the per-worker
        // shares): up to 6 more while the old generation drains the ones from before.
        assertTrue(after > before && after <= 6, "admitted " + after + " after the reload to 6");
    }

    @Test
    void aConnectFloodFromOneAddressGetsTheRateAndTheRestIsClosedAtAccept() throws Exception {
        MasterProcess master = masters.start("--connect-rate-per-ip", "4/s");

        long started = System.nanoTime();
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            admitted += tryEcho("127.0.0.5", master.port, i) ? 1 : 0;
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // 2 workers, each 2/s with a bucket of 1: at most 2 at once, then 4 a second.
        int bound = 2 + (int) Math.ceil(seconds * 4);
        assertTrue(admitted >= 1 && admitted <= bound, "admitted " + admitted + " in " + seconds + " s, bound " + bound);
        long refused = 20 - admitted;
        Poll.until(SETTLE, "status counts " + refused + " refused",
                () -> dropped(master.status(), "connect-rate-per-ip") == refused);
        assertTrue(tryEcho("127.0.0.6", master.port, 1), "another address has its own bucket");
    }

    @Test
    void thousandsOfSprayedSourceAddressesAreEachAdmittedAndTheLimitsStillHoldAfterwards() throws Exception {
        MasterProcess master = masters.start("--max-connections-per-ip", "1", "--connect-rate-per-ip", "1/m");
        int sources = 3000;
        for (int i = 0; i < sources; i++) {
            String source = "127.3." + (i >> 8) + "." + (i & 0xff);
            assertTrue(tryEcho(source, master.port, i), source + " is new, so within both limits");
            held.remove(held.size() - 1).close();
        }

        int admitted = 0;
        for (int i = 0; i < 6; i++) {
            admitted += tryEcho("127.0.0.8", master.port, i) ? 1 : 0;
        }
        assertTrue(admitted >= 1 && admitted <= 2, "admitted " + admitted + ": a bucket of 1 per worker");
        long expected = sources + admitted;
        Poll.until(SETTLE, expected + " accepted, none of the sprayed ones refused", () -> master.status()
                .getAsJsonArray("listeners").get(0).getAsJsonObject().get("accepted").getAsLong() == expected);
        assertEquals(6 - admitted, dropped(master.status(), "connect-rate-per-ip")
                + dropped(master.status(), "max-connections-per-ip"));
    }

    /** Connects from {@code source}, sends 64 bytes and expects them back; keeps an admitted socket open in {@link #held}. */
    private boolean tryEcho(String source, int port, long seed) {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            if (echoes(socket, seed)) {
                held.add(socket);
                return true;
            }
        } catch (IOException refused) {
            // reset at accept (or the connect failed): not admitted
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // a refused socket: nothing to release
        }
        return false;
    }

    /** Whether {@code socket} echoes 64 bytes; false when the server closed or reset it. */
    private static boolean echoes(Socket socket, long seed) throws IOException {
        byte[] data = EchoClient.random(64, seed);
        socket.setSoTimeout(5000);
        try {
            socket.getOutputStream().write(data);
            byte[] back = new byte[data.length];
            InputStream in = socket.getInputStream();
            for (int n = 0; n < back.length; ) {
                int r = in.read(back, n, back.length - n);
                if (r < 0) {
                    return false;
                }
                n += r;
            }
            assertArrayEquals(data, back);
            return true;
        } catch (SocketException reset) {
            return false;
        }
    }

    private static long dropped(JsonObject status, String reason) {
        JsonObject listener = status.getAsJsonArray("listeners").get(0).getAsJsonObject();
        JsonObject dropped = listener.getAsJsonObject("dropped");
        return dropped != null && dropped.has(reason) ? dropped.get(reason).getAsLong() : 0;
    }

    private static String scrape(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException failed) {
            return "";
        }
    }
}
