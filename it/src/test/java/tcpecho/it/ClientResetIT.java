package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that resets its connection with echo data still pending costs that connection only. */
class ClientResetIT {
    private static final int CLIENTS = 20;
    /** Two heartbeats (one a second) and a margin. */
    private static final Duration STALLED = Duration.ofMillis(2500);

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void resetMidStreamDoesNotKillTheWorker() throws Exception {
        MasterProcess master = masters.start();
        List<Long> before = master.workerPids();

        // Enough resets that both workers (the kernel picks one per connection) almost surely get some.
        List<EchoClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(writeWithoutReading(master.port));
        }
        awaitEchoPending(master, clients);
        for (EchoClient client : clients) {
            client.socket.setSoLinger(true, 0);
            client.close();
        }

        Poll.until(Duration.ofSeconds(10), "both workers to report 0 open connections after the resets", () ->
                MasterProcess.workers(master.status()).stream().allMatch(w -> w.get("connections").getAsLong() == 0
                        && w.get("accepted").getAsLong() > 0));
        assertEquals(before, master.workerPids(), "worker pids after the resets");
        for (int i = 0; i < 10; i++) {
            byte[] data = EchoClient.random(50_000, 100 + i);
            assertArrayEquals(data, EchoClient.echo(master.port, data));
        }
        assertEquals(before, master.workerPids(), "worker pids after the resets");
    }

    /**
     * A client that writes from a thread of its own until the reset, and reads nothing. Not a fixed
     * amount: the kernel takes about 3 MB of one connection (the worker's autotuned send queue)
     * before the worker holds any echo itself.
     */
    private static EchoClient writeWithoutReading(int port) throws Exception {
        EchoClient client = new EchoClient(port);
        client.socket.setReceiveBufferSize(4096);
        OutputStream out = client.socket.getOutputStream();
        byte[] chunk = EchoClient.random(64 * 1024, port);
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    out.write(chunk);
                }
            } catch (Exception closed) {
                // the reset ends the write
            }
        });
        writer.setDaemon(true);
        writer.start();
        return client;
    }

    /**
     * The precondition of the test: every client's echo is pending in its worker. Its echo fills its
     * receive queue, its own bytes back up in its send queue, and every worker has stopped reading
     * (its bytes in the same over {@link #STALLED} of heartbeats) while holding echo it could not
     * send (more bytes in than out). A worker that stops reading holds echo, since it reads whenever
     * it holds none; one that kept reading would not be in the state this test is about.
     */
    private static void awaitEchoPending(MasterProcess master, List<EchoClient> clients) {
        Set<Integer> ours = clients.stream().map(c -> c.socket.getLocalPort()).collect(Collectors.toSet());
        Map<Long, long[]> bytesInSince = new HashMap<>(); // pid -> {bytes_in, when first seen}
        Poll.until(Duration.ofSeconds(30), "the echo of all " + CLIENTS + " clients to be pending in their workers", () -> {
            long now = System.nanoTime();
            boolean stalled = true;
            for (JsonObject w : MasterProcess.workers(master.status())) {
                long in = w.get("bytes_in").getAsLong();
                long[] seen = bytesInSince.get(w.get("pid").getAsLong());
                if (seen == null || seen[0] != in) {
                    bytesInSince.put(w.get("pid").getAsLong(), new long[] {in, now});
                    stalled = false;
                } else {
                    stalled &= now - seen[1] >= STALLED.toNanos() && in > w.get("bytes_out").getAsLong();
                }
            }
            return stalled && SocketQueues.clientsOf(master.port).stream()
                    .filter(e -> ours.contains(e.localPort()) && e.recvQ() > 0 && e.sendQ() > 0).count() == CLIENTS;
        });
    }
}
