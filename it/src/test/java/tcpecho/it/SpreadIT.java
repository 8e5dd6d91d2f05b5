package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections are shared between the workers (one SO_REUSEPORT socket each, held by the master). */
class SpreadIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void thousandConnectionsAreSpreadOverBothWorkers() throws Exception {
        MasterProcess master = masters.start();
        int connections = 1000;
        for (int i = 0; i < connections; i++) {
            byte[] data = ("hello " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertArrayEquals(data, EchoClient.echo(master.port, data));
        }

        // The counts reach the master with each worker's heartbeat (every second).
        List<JsonObject> workers = Poll.until(Duration.ofSeconds(5), "accepted counts to add up to " + connections, () -> {
            List<JsonObject> list = MasterProcess.workers(master.status());
            return list.stream().mapToLong(w -> w.get("accepted").getAsLong()).sum() >= connections ? list : null;
        });
        for (JsonObject worker : workers) {
            long accepted = worker.get("accepted").getAsLong();
            assertTrue(accepted >= connections * 30 / 100,
                    "worker " + worker.get("slot") + " accepted " + accepted + " of " + connections + " (< 30%): " + workers);
        }
    }
}
