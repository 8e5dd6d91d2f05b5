package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** scale N|+N|-N: a reload with a new worker count, and nothing at all when the count is already served. */
class ScaleIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void aCountAlreadyServedIsANoOpThatSaysSo() throws Exception {
        MasterProcess master = masters.start();
        List<Long> before = master.workerPids();

        for (String same : List.of("+0", "-0", "2")) {
            Cli.Result scale = master.cli("scale", same);

            assertEquals(0, scale.code(), scale.toString());
            assertEquals("unchanged: generation 1 already serves with 2 workers; no reload", scale.stdout().strip());
        }

        JsonObject info = master.status().getAsJsonObject("master");
        assertEquals(1, info.get("generation").getAsLong(), info.toString());
        assertEquals(0, info.get("reloads").getAsLong(), info.toString());
        assertEquals(before, master.workerPids());
    }

    @Test
    void scalingDownToOneWorkerReloadsAndSaysOneWorker() throws Exception {
        MasterProcess master = masters.start();

        Cli.Result scale = master.cli("scale", "-1");

        assertEquals(0, scale.code(), scale.toString());
        assertEquals("scaled: generation 2 serving with 1 worker", scale.stdout().strip());
        byte[] data = EchoClient.random(1_000, 5);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
    }

    @Test
    void zeroWorkersIsAUsageErrorAndNothingChanges() {
        MasterProcess master = masters.start();
        List<Long> before = master.workerPids();

        Cli.Result scale = master.cli("scale", "0");

        assertEquals(2, scale.code(), scale.toString());
        assertEquals(before, master.workerPids());
    }
}
