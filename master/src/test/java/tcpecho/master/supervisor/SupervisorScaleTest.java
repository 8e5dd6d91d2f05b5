package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tcpecho.master.supervisor.MasterHarness.pid;

import com.google.gson.JsonElement;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.wire.Scale;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

/**
 * Scaling asked for while a reload starts its generation: the new count applies to the reload that
 * follows it, which waits for the generation before it to drain, as any queued reload does.
 */
class SupervisorScaleTest {
    @TempDir
    Path dir;
    private MasterHarness master;
    private Peer reload;

    /** Generation 1 (pids 1000, 1001) serves, and a reload has spawned generation 2 (1002, 1003). */
    @BeforeEach
    void aReloadIsStartingGenerationTwo() throws Exception {
        master = MasterHarness.serving(dir, 2);
        reload = master.request(Message.of(Verb.RELOAD));
        master.turnUntil("generation 2 spawned", () -> master.spawns() == 4);
    }

    @AfterEach
    void stopTheMaster() throws Exception {
        master.close();
    }

    @Test
    void scalingUpDuringAReloadStartsTheNextGenerationWithOneWorkerMore() throws Exception {
        Peer scale = master.request(new Scale("+1").encode());
        master.handled(scale);
        master.ready(pid(2), 2);
        master.ready(pid(3), 2);
        assertEquals("OK generation=2 workers=2", MasterHarness.text(master.reply(reload)));
        assertEquals(List.of(), scale.received(), "the scale waits for its own generation");

        master.exits(pid(0), 0);
        master.exits(pid(1), 0);
        master.turnUntil("generation 3 spawned with 3 workers", () -> master.spawns() == 7);
        master.ready(pid(4), 3);
        master.ready(pid(5), 3);
        master.ready(pid(6), 3);
        assertEquals("OK generation=3 workers=3", MasterHarness.text(master.reply(scale)));
        assertEquals(3, master.status().getAsJsonObject("master").get("workers_wanted").getAsInt());
        assertEquals(List.of(1004L, 1005L, 1006L), servingPids(3));
    }

    @Test
    void scalingDownDuringAReloadStartsTheNextGenerationWithOneWorkerLess() throws Exception {
        Peer scale = master.request(new Scale("-1").encode());
        master.handled(scale);
        Peer second1 = master.ready(pid(2), 2);
        Peer second2 = master.ready(pid(3), 2);
        assertEquals("OK generation=2 workers=2", MasterHarness.text(master.reply(reload)));

        master.exits(pid(0), 0);
        master.exits(pid(1), 0);
        master.turnUntil("generation 3 spawned with 1 worker", () -> master.spawns() == 5);
        master.ready(pid(4), 3);
        assertEquals("OK generation=3 workers=1", MasterHarness.text(master.reply(scale)));
        master.turnUntil("both workers of generation 2 told to drain",
                () -> second1.verbs().equals(List.of(Verb.QUIT)) && second2.verbs().equals(List.of(Verb.QUIT)));
        assertEquals(1, master.status().getAsJsonObject("master").get("workers_wanted").getAsInt());
        assertEquals(List.of(1004L), servingPids(3));
    }

    private List<Long> servingPids(long generation) throws Exception {
        return master.status().getAsJsonArray("workers").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(w -> w.get("generation").getAsLong() == generation).map(w -> w.get("pid").getAsLong()).toList();
    }
}
