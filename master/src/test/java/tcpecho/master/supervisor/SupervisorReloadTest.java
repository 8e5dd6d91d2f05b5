package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpecho.master.supervisor.MasterHarness.pid;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.wire.Quit;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.master.os.Signals;

/**
 * The reload transaction, driven through the supervisor's loop: it commits only when every new
 * worker is READY; a READY timeout or a new worker's exit stops the new generation and leaves the
 * old one serving; a reload asked for while an older generation drains waits for it.
 */
class SupervisorReloadTest {
    @TempDir
    Path dir;
    private MasterHarness master;
    private Peer old1;
    private Peer old2;

    /** Generation 1: two workers, pids 1000 and 1001, both serving. */
    @BeforeEach
    void generationOneServes() throws Exception {
        master = MasterHarness.serving(dir, 2);
        old1 = master.generationOne(1);
        old2 = master.generationOne(2);
    }

    @AfterEach
    void stopTheMaster() throws Exception {
        master.close();
    }

    @Test
    void aReloadCommitsOnlyOnceEveryNewWorkerIsReadyAndThenTheOldGenerationDrains() throws Exception {
        Peer client = master.request(Message.of(Verb.RELOAD));
        master.turnUntil("generation 2 spawned", () -> master.spawns() == 4);

        Peer new1 = master.ready(pid(2), 2);
        master.turn();
        assertEquals(List.of(), client.received(), "no answer while worker[2] of generation 2 is not ready");
        assertEquals(List.of(), old1.verbs(), "generation 1 serves until the whole new generation is ready");
        assertEquals(1, master.servingGeneration());

        Peer new2 = master.ready(pid(3), 2);
        assertEquals("OK generation=2 workers=2", MasterHarness.text(master.reply(client)));
        assertEquals(2, master.servingGeneration());
        master.turnUntil("generation 1 told to drain", () -> old1.verbs().size() == 1 && old2.verbs().size() == 1);
        assertEquals(new Quit(30000).encode(), old1.received().get(0));
        assertEquals(new Quit(30000).encode(), old2.received().get(0));
        assertEquals(List.of(), new1.verbs());
        assertEquals(List.of(), new2.verbs());
        assertEquals(List.of(), master.posix.kills);
    }

    @Test
    void aReloadWhoseWorkersAreNotReadyInTimeFailsAndTheOldGenerationKeepsServing() throws Exception {
        Peer client = master.request(Message.of(Verb.RELOAD));
        master.turnUntil("generation 2 spawned", () -> master.spawns() == 4);
        Peer new1 = master.ready(pid(2), 2);

        master.clock.advance(MasterHarness.READY_TIMEOUT.plus(Duration.ofMillis(1)));
        assertEquals("ERROR reload failed: new workers were not ready within 5 s; generation 1 keeps serving",
                MasterHarness.text(master.reply(client)));
        master.turnUntil("the ready new worker told to stop", () -> !new1.verbs().isEmpty());
        assertEquals(List.of(Verb.TERMINATE), new1.verbs());
        assertTrue(master.posix.kills.contains(new FakePosix.Kill(pid(3), Signals.SIGKILL)), "the silent one is killed");
        assertEquals(1, master.servingGeneration());
        assertEquals(List.of(), old1.verbs());
        assertEquals(List.of(), old2.verbs());
        assertTrue(master.posix.kills.stream().noneMatch(k -> k.pid() == pid(0) || k.pid() == pid(1)));
    }

    @Test
    void aReloadWhoseNewWorkerExitsFailsAtOnceAndTheOldGenerationKeepsServing() throws Exception {
        Peer client = master.request(Message.of(Verb.RELOAD));
        master.turnUntil("generation 2 spawned", () -> master.spawns() == 4);
        Peer new1 = master.ready(pid(2), 2);

        master.exits(pid(3), 1);
        assertEquals("ERROR reload failed: worker[2] pid 1003 of generation 2 exited with code 1 before it was ready;"
                + " generation 1 keeps serving", MasterHarness.text(master.reply(client)));
        master.turnUntil("the ready new worker told to stop", () -> !new1.verbs().isEmpty());
        assertEquals(List.of(Verb.TERMINATE), new1.verbs());
        assertEquals(1, master.servingGeneration());
        assertEquals(List.of(), old1.verbs());
        assertEquals(List.of(), old2.verbs());
        assertEquals(4, master.spawns(), "a failed generation's worker is not respawned");
    }

    @Test
    void aReloadAskedForWhileAnOlderGenerationDrainsWaitsForIt() throws Exception {
        Peer first = master.request(Message.of(Verb.RELOAD));
        master.turnUntil("generation 2 spawned", () -> master.spawns() == 4);
        master.ready(pid(2), 2);
        master.ready(pid(3), 2);
        assertEquals("OK generation=2 workers=2", MasterHarness.text(master.reply(first)));

        Peer second = master.request(Message.of(Verb.RELOAD));
        master.handled(second);
        master.turn();
        assertEquals(4, master.spawns(), "no third generation while generation 1 drains");
        assertEquals(List.of(), second.received());

        master.exits(pid(0), 0);
        master.turn();
        assertEquals(4, master.spawns(), "worker[2] of generation 1 still drains");
        master.exits(pid(1), 0);
        master.turnUntil("generation 3 spawned", () -> master.spawns() == 6);
        master.ready(pid(4), 3);
        master.ready(pid(5), 3);
        assertEquals("OK generation=3 workers=2", MasterHarness.text(master.reply(second)));
    }
}
