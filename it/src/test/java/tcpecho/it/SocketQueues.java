package tcpecho.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's queues of the established TCP connections to or from a port on 127.0.0.1, as
 * {@code ss -tn} shows them: what a test reads to know that bytes are backed up where it claims.
 */
final class SocketQueues {
    /** One socket: its receive and send queues in bytes, and its own and its peer's port. */
    record Entry(long recvQ, long sendQ, int localPort, int peerPort) {
    }

    private SocketQueues() {
    }

    /** The client ends: sockets whose peer port is {@code port}. */
    static List<Entry> clientsOf(int port) {
        return list("dport = :" + port);
    }

    /** The server ends: sockets whose own port is {@code port}. */
    static List<Entry> serverSide(int port) {
        return list("sport = :" + port);
    }

    private static List<Entry> list(String filter) {
        try {
            Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "( " + filter + " )")
                    .redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
                throw new AssertionError("ss failed: " + out);
            }
            List<Entry> entries = new ArrayList<>();
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4) { // Recv-Q Send-Q Local:Port Peer:Port (no State column with a state filter)
                    entries.add(new Entry(Long.parseLong(f[0]), Long.parseLong(f[1]), port(f[2]), port(f[3])));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running ss", e);
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
