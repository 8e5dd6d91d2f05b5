package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code proxy-protocol = true} on a real master: headers written by a test client that plays the
 * balancer (from 127.0.0.1, the one trusted address), and everything a header must change: the
 * logged address, the access list and the per-IP limits, all judged on the client it names.
 */
class ProxyProtocolIT {
    private static final byte[] DATA = "PROXY TCP4 is payload here\r\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final Masters masters = new Masters();

    static String listener(String name, int port, String extra) {
        return "\n[[listener]]\nname = \"" + name + "\"\nport = " + port + "\nproxy-protocol = true\n"
                + "proxy-protocol-from = [\"127.0.0.1\"]\n" + extra;
    }

    @Test
    void v1AndV2HeadersNameTheClientInTheLogAndWhatFollowsIsEchoedAsSent() throws Exception {
        MasterProcess master = masters.create();
        int plain = MasterProcess.freePort();
        master.start("-c", ListenersIT.writeConfig(master, listener("pp", master.port, "")
                + ListenersIT.listener("plain", plain)).toString());

        assertArrayEquals(DATA, ProxyClient.echo("127.0.0.1", master.port, ProxyClient.v1("203.0.113.7", 5123, "10.0.0.1", 7), DATA));
        assertArrayEquals(DATA, ProxyClient.echo("127.0.0.1", master.port, ProxyClient.v2("198.51.100.9", 6001, "10.0.0.1", 7), DATA));
        assertArrayEquals(DATA, ProxyClient.echo("127.0.0.1", master.port,
                ProxyClient.v1("2001:db8::42", 7002, "2001:db8::1", 7), DATA));
        assertArrayEquals(DATA, ProxyClient.echo("127.0.0.1", master.port, ProxyClient.v2Local(), DATA));
        // Without the key, a header is only payload: echoed back byte for byte.
        byte[] header = ProxyClient.v1("203.0.113.7", 5123, "10.0.0.1", 7);
        assertArrayEquals(header, ProxyClient.echo("127.0.0.1", plain, new byte[0], header));

        Poll.until(Duration.ofSeconds(10), "the clients in the log", () -> {
            String log = master.log();
            return log.contains("connection from /203.0.113.7:5123 via /127.0.0.1:")
                    && log.contains("(PROXY v1 TCP4) on pp")
                    && log.contains("connection from /198.51.100.9:6001 via /127.0.0.1:")
                    && log.contains("(PROXY v2 TCP4) on pp")
                    && log.contains("connection from /[2001:db8:0:0:0:0:0:42]:7002 via /127.0.0.1:")
                    && log.contains("(PROXY v2 LOCAL) on pp")
                    && log.contains("connection closed /203.0.113.7:5123 on pp in=" + DATA.length);
        });
        assertTrue(master.log().lines().anyMatch(l -> l.contains("connection from /127.0.0.1:") && l.endsWith(" on plain")));
        assertFalse(master.log().lines().anyMatch(l -> l.contains(" via ") && l.endsWith(" on plain")), "plain read a header");
    }

    @Test
    void theAccessListAndThePerIpLimitJudgeTheClientTheHeaderNames() throws Exception {
        MasterProcess master = masters.create();
        master.start("-c", ListenersIT.writeConfig(master, listener("pp", master.port,
                "access = [\"deny 203.0.113.66\", \"allow all\"]\nmax-connections-per-ip = 2\n")).toString());

        IOException denied = assertThrows(IOException.class, () -> ProxyClient.echo("127.0.0.1", master.port,
                ProxyClient.v1("203.0.113.66", 1000, "10.0.0.1", 7), DATA));
        assertTrue(denied.getMessage().contains("closed") || denied.getMessage().contains("reset"), denied.toString());
        assertArrayEquals(DATA, ProxyClient.echo("127.0.0.1", master.port, ProxyClient.v1("203.0.113.67", 1000, "10.0.0.1", 7), DATA));

        // Every connection comes from 127.0.0.1; what the limit counts is the client each header names.
        List<Socket> held = new ArrayList<>();
        try {
            int served = 0;
            for (int i = 0; i < 6; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), master.port);
                held.add(socket);
                try {
                    ProxyClient.echo(socket, ProxyClient.v1("198.51.100.1", 2000 + i, "10.0.0.1", 7), DATA);
                    served++;
                } catch (IOException refused) {
                    // over the limit: closed at once
                }
            }
            assertTrue(served >= 2 && served <= 3, "one client held " + served + " (limit 2, 2 workers: at most 2-3)");
            for (int i = 0; i < 6; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), master.port);
                held.add(socket);
                assertArrayEquals(DATA, ProxyClient.echo(socket, ProxyClient.v1("198.51.100." + (10 + i), 3000, "10.0.0.1", 7),
                        DATA), "client 198.51.100." + (10 + i) + " has its own allowance");
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        Poll.until(Duration.ofSeconds(10), "the drops in status", () ->
                dropped(master, "denied") == 1 && dropped(master, "max-connections-per-ip") >= 3);
    }

    @Test
    void anUntrustedPeerIsRefusedEvenWithAValidHeader() throws Exception {
        MasterProcess master = masters.create();
        master.start("-c", ListenersIT.writeConfig(master, listener("pp", master.port, "")).toString());
        assertThrows(IOException.class, () -> ProxyClient.echo("127.0.0.2", master.port,
                ProxyClient.v1("203.0.113.7", 5123, "10.0.0.1", 7), DATA));
        Poll.until(Duration.ofSeconds(10), "the refusal counted and summed up", () ->
                dropped(master, "proxy-protocol-untrusted") == 1 && master.log().contains(
                        "listener 'pp': refused 1 connection(s) since the last report: proxy-protocol-untrusted 1"
                                + " (last from /127.0.0.2:"));
        assertFalse(master.log().contains("203.0.113.7"), "the untrusted header was never read");
    }

    @Test
    void aMissingMalformedOrLateHeaderClosesOnlyItsOwnConnection() throws Exception {
        MasterProcess master = masters.create();
        master.start("-c", ListenersIT.writeConfig(master, listener("pp", master.port,
                "proxy-protocol-timeout = \"1s\"\n")).toString());
        try (Socket good = new Socket(InetAddress.getLoopbackAddress(), master.port);
             Socket malformed = new Socket(InetAddress.getLoopbackAddress(), master.port);
             Socket late = new Socket(InetAddress.getLoopbackAddress(), master.port);
             Socket silent = new Socket(InetAddress.getLoopbackAddress(), master.port);
             Socket payloadOnly = new Socket(InetAddress.getLoopbackAddress(), master.port)) {
            assertArrayEquals(DATA, ProxyClient.echo(good, ProxyClient.v1("203.0.113.1", 1, "10.0.0.1", 7), DATA));
            malformed.getOutputStream().write("PROXY TCP4 203.0.113.2 10.0.0.1 01 7\r\nhello".getBytes(StandardCharsets.US_ASCII));
            late.getOutputStream().write("PROXY TCP4 203.0".getBytes(StandardCharsets.US_ASCII));
            payloadOnly.getOutputStream().write(DATA, 0, 6);
            payloadOnly.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            for (Socket closed : List.of(malformed, late, silent, payloadOnly)) {
                closed.setSoTimeout(4000);
                assertTrue(ProxyClient.closedByServer(closed), "closed by the server");
            }
            assertArrayEquals(DATA, ProxyClient.echo(good, new byte[0], DATA), "the good connection still echoes");
        }
        Poll.until(Duration.ofSeconds(10), "each refusal logged and counted", () -> {
            String log = master.log();
            return dropped(master, "proxy-protocol-invalid") == 2 && dropped(master, "proxy-protocol-timeout") == 2
                    && log.contains("PROXY protocol header from /127.0.0.1:")
                    && log.contains("refused: v1 source port \"01\" is not 0-65535 without leading zeros - closed unserved")
                    && log.contains("sent no complete PROXY protocol header within 1000 ms (got 16 byte(s) \"PROXY TCP4 203.0\")")
                    && log.contains("sent no complete PROXY protocol header within 1000 ms (got 0 byte(s) \"\")")
                    && log.contains("refused: v1 line has a lone CR or LF (got \"PROXY hello\\x0a\")");
        });
    }

    static long dropped(MasterProcess master, String reason) {
        JsonObject dropped = ListenersIT.listeners(master.status()).get(0).getAsJsonObject("dropped");
        return dropped.has(reason) ? dropped.get(reason).getAsLong() : 0;
    }
}
