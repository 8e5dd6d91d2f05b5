package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static tcpecho.master.supervisor.MasterHarness.pid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

/**
 * A live upgrade whose new master exits before it is ready: this master takes its control socket
 * and pid file back, its workers serve on untouched, and the requester is told why.
 */
class SupervisorUpgradeTest {
    @Test
    void anUpgradeWhoseNewMasterExitsRollsBackAndTheOldMasterKeepsServing(@TempDir Path dir) throws Exception {
        try (MasterHarness master = MasterHarness.serving(dir, 2)) {
            long newMaster = pid(2);
            long self = ProcessHandle.current().pid();

            Peer client = master.request(Message.of(Verb.UPGRADE));
            master.turnUntil("the new master spawned", () -> master.spawns() == 3);
            assertEquals(MasterCommand.EXECUTABLE, master.posix.spawns.get(2).get(0));
            master.exits(newMaster, 1);

            assertEquals("ERROR upgrade failed, master pid " + self + " keeps serving: the new master pid " + newMaster
                    + " exited with code 1 before it was ready", MasterHarness.text(master.reply(client)));
            long generation = assertDoesNotThrow(master::servingGeneration, "the control socket answers again");
            assertEquals(1, generation);
            assertEquals(Long.toString(self), Files.readString(dir.resolve("m.pid")).trim());
            assertEquals(List.of(), master.generationOne(1).verbs());
            assertEquals(List.of(), master.generationOne(2).verbs());
            assertEquals(List.of(), master.posix.kills);
            assertEquals(3, master.spawns(), "no worker respawned or replaced");
        }
    }
}
