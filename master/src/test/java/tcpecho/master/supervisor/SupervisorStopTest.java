package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpecho.master.supervisor.MasterHarness.pid;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.master.os.Signals;

/**
 * A stop preempts a reload in flight: the reload fails at once (its requester is told why), its
 * new workers are stopped, the serving ones drain, and the master is done once all are reaped.
 */
class SupervisorStopTest {
    @Test
    void aStopDuringAReloadFailsTheReloadStopsTheNewWorkersAndDrainsTheOldOnes(@TempDir Path dir) throws Exception {
        try (MasterHarness master = MasterHarness.serving(dir, 2)) {
            Peer reload = master.request(Message.of(Verb.RELOAD));
            master.turnUntil("generation 2 spawned", () -> master.spawns() == 4);
            Peer new1 = master.ready(pid(2), 2);

            Peer stop = master.request(Message.of(Verb.STOP));
            assertEquals(Verb.OK, master.reply(stop).verb());
            assertEquals("ERROR reload failed: the master is stopping; generation 1 keeps serving",
                    MasterHarness.text(master.reply(reload)));
            master.turnUntil("every worker told", () -> !master.generationOne(1).verbs().isEmpty()
                    && !master.generationOne(2).verbs().isEmpty() && !new1.verbs().isEmpty());
            assertEquals(List.of(Verb.QUIT), master.generationOne(1).verbs());
            assertEquals(List.of(Verb.QUIT), master.generationOne(2).verbs());
            assertEquals(List.of(Verb.TERMINATE), new1.verbs());
            assertEquals(List.of(new FakePosix.Kill(pid(3), Signals.SIGKILL)), master.posix.kills,
                    "the new worker that never connected is killed");

            for (int n = 0; n < 4; n++) {
                master.exits(pid(n), 0);
            }
            master.turnUntil("the master done", master.supervisor::stopped);
            assertEquals(4, master.spawns(), "nothing respawned while stopping");
            assertTrue(master.log().contains("graceful stop (stop request): finishing open connections"));
        }
    }
}
