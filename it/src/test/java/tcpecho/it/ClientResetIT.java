package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that resets its connection with echo data still pending costs that connection only. */
class ClientResetIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void resetMidStreamDoesNotKillTheWorker() throws Exception {
        MasterProcess master = masters.start();
        List<Long> before = master.workerPids();

        // Enough resets that both workers (the kernel picks one per connection) almost surely get some.
        for (int i = 0; i < 20; i++) {
            resetWithEchoPending(master.port);
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

    /** Writes without reading until the echo backs up, then closes with RST (SO_LINGER 0). */
    private static void resetWithEchoPending(int port) throws Exception {
        EchoClient client = new EchoClient(port);
        client.socket.setReceiveBufferSize(4096);
        client.socket.setSoTimeout(200);
        OutputStream out = client.socket.getOutputStream();
        byte[] chunk = EchoClient.random(64 * 1024, port);
        // A blocking write that stalls means the worker stopped reading: its echo is pending on us.
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                }
            } catch (Exception closed) {
                // the reset below ends the write
            }
        });
        writer.setDaemon(true);
        writer.start();
        try {
            client.socket.getInputStream().read(new byte[1]);
        } catch (SocketTimeoutException fine) {
            // the echo has started either way
        }
        client.socket.setSoLinger(true, 0);
        client.close();
        writer.join(5000);
    }
}
