package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SIGHUP and the reload command replace every worker by a new generation; serving never stops. */
class ReloadIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void sighupReplacesEveryWorker() throws Exception {
        MasterProcess master = masters.start();
        List<Long> old = master.workerPids();

        Pids.signal(master.pid(), "HUP");

        JsonObject status = master.awaitServing(2);
        List<Long> now = MasterProcess.workers(status).stream().map(w -> w.get("pid").getAsLong()).toList();
        assertTrue(Collections.disjoint(old, now), "old pids " + old + ", new pids " + now);
        Poll.until(Duration.ofSeconds(10), "the old workers " + old + " to exit", () -> old.stream().allMatch(Pids::gone));
        byte[] data = EchoClient.random(10_000, 3);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
        JsonObject info = master.status().getAsJsonObject("master");
        assertEquals(2, info.get("generation").getAsLong());
        assertEquals(1, info.get("reloads").getAsLong());
        assertEquals(0, info.get("failed_reloads").getAsLong());
    }

    @Test
    void reloadCommandWaitsForTheNewGenerationAndNamesIt() throws Exception {
        MasterProcess master = masters.start();
        List<Long> old = master.workerPids();

        Cli.Result reload = master.cli("reload");

        assertEquals(0, reload.code(), reload.toString());
        assertEquals("reloaded: generation 2 is serving with 2 workers", reload.stdout().strip());
        // "serving" when the command returns: generation 2 is ready at once, no waiting.
        JsonObject status = master.status();
        assertEquals(2, status.getAsJsonObject("master").get("generation").getAsLong());
        MasterProcess.workers(status).stream().filter(w -> !old.contains(w.get("pid").getAsLong()))
                .forEach(w -> assertEquals("ready", w.get("state").getAsString(), w.toString()));
        byte[] data = EchoClient.random(10_000, 4);
        assertArrayEquals(data, EchoClient.echo(master.port, data));
    }
}
