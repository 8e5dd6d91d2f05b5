package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A worker killed with SIGKILL is replaced in its slot by a new process that serves. */
class WorkerCrashIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void killedWorkerIsRespawnedInItsSlotAndServes() throws Exception {
        MasterProcess master = masters.start();
        long other = master.workerPids().get(0);
        long killed = master.workerPids().get(1);

        Pids.signal(killed, "KILL");

        JsonObject replacement = Poll.until(Duration.ofSeconds(10), "a new ready worker in slot 2", () ->
                MasterProcess.workers(master.status()).stream()
                        .filter(w -> w.get("slot").getAsInt() == 2 && w.get("pid").getAsLong() != killed
                                && w.get("state").getAsString().equals("ready"))
                        .findFirst().orElse(null));
        long newPid = replacement.get("pid").getAsLong();
        assertEquals(1, replacement.get("restarts").getAsInt(), "restarts of slot 2: " + replacement);
        assertEquals("tcp-echo[wrk2]", Pids.comm(newPid).orElse("(gone)"));
        assertEquals(other, master.workerPids().get(0), "slot 1 keeps its worker");

        // The kernel picks the listener per connection: echo until the new worker reports one accepted.
        Poll.until(Duration.ofSeconds(10), "the new worker (pid " + newPid + ") to accept a connection", () -> {
            byte[] data = EchoClient.random(1000, newPid);
            try {
                assertArrayEquals(data, EchoClient.echo(master.port, data));
            } catch (java.io.IOException failed) {
                throw new AssertionError("echo failed after the respawn", failed);
            }
            return MasterProcess.workers(master.status()).stream()
                    .anyMatch(w -> w.get("pid").getAsLong() == newPid && w.get("accepted").getAsLong() > 0);
        });
    }
}
