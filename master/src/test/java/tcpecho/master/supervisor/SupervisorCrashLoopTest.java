package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpecho.master.supervisor.MasterHarness.pid;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.wire.Heartbeat;

/**
 * A worker that keeps dying soon after it starts: each respawn waits twice as long as the one
 * before (100 ms up to 10 s), and after 10 quick deaths in a row its slot is given up and shown
 * failed in status, while the other slot serves on.
 */
class SupervisorCrashLoopTest {
    /** The delay before respawn after the 1st, 2nd, ... 9th quick death; the 10th gives up. */
    private static final long[] DELAYS_MS = {100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000};

    @TempDir
    Path dir;
    private MasterHarness master;
    private long beats;

    @AfterEach
    void stopTheMaster() throws Exception {
        master.close();
    }

    @Test
    void aWorkerDyingAtOnceIsRespawnedWithGrowingDelaysAndGivenUpAfterTenQuickDeaths() throws Exception {
        master = MasterHarness.serving(dir, 2);
        Peer other = master.generationOne(2);
        long dying = pid(0);
        for (long delay : DELAYS_MS) {
            int spawns = master.spawns();
            heartbeat(other, pid(1));
            master.exits(dying, 1);
            master.clock.advance(Duration.ofMillis(delay - 1));
            master.turn();
            assertEquals(spawns, master.spawns(), "respawned before its " + delay + " ms delay");
            master.clock.advance(Duration.ofMillis(1));
            master.turn();
            assertEquals(spawns + 1, master.spawns(), "respawned after " + delay + " ms");
            dying = pid(spawns);
        }

        int spawns = master.spawns();
        heartbeat(other, pid(1));
        master.exits(dying, 1);
        master.clock.advance(Backoff.CAP.multipliedBy(2));
        master.turn();
        assertEquals(spawns, master.spawns(), "a crash loop is not respawned");
        JsonObject down = master.status().getAsJsonArray("slots_down").get(0).getAsJsonObject();
        assertEquals(1, down.get("slot").getAsInt());
        assertEquals("failed", down.get("state").getAsString());
        assertEquals("crash loop: 10 quick exits in a row, last with code 1: not respawning", down.get("reason").getAsString());
        assertTrue(master.log().contains(" error tcp-echo: worker[1] pid " + dying
                + " crash loop: 10 quick exits in a row, last with code 1: not respawning\n"));
        assertEquals(List.of(), other.verbs(), "the other slot serves on");
        assertEquals(List.of(), master.posix.kills, "the other slot, heartbeating, is left alone");
    }

    /**
     * The fake clock runs for a minute here: the serving worker must not look hung. Each heartbeat
     * carries a new connection count, and status showing it means the master has taken it.
     */
    private void heartbeat(Peer worker, long pid) {
        long count = ++beats;
        worker.send(new Heartbeat(count, 0, 0, 0, List.of(), List.of()).encode());
        master.turnUntil("heartbeat " + count + " of pid " + pid, () -> connections(pid) == count);
    }

    private long connections(long pid) {
        try {
            for (JsonElement worker : master.status().getAsJsonArray("workers")) {
                if (worker.getAsJsonObject().get("pid").getAsLong() == pid) {
                    return worker.getAsJsonObject().get("connections").getAsLong();
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
