package tcpecho.master.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which command lines load native access while picocli parses: the master's, not start -d's nor a client's. */
class RunsTheMasterTest {
    private static final Map<String, String> DETACHED = Map.of(StartCommand.DAEMON_CHILD_ENV, "1");

    @Test
    void aForegroundStartRunsTheMaster() {
        assertTrue(StartCommand.runsTheMaster(new String[] {"start", "-p", "7000"}, Map.of()));
    }

    @Test
    void startDetachedOnlyWaitsButTheMasterItDetachesRunsIt() {
        assertFalse(StartCommand.runsTheMaster(new String[] {"start", "-p", "7000", "-d"}, Map.of()));
        assertFalse(StartCommand.runsTheMaster(new String[] {"start", "--daemon"}, Map.of()));
        assertTrue(StartCommand.runsTheMaster(new String[] {"start", "-p", "7000", "-d"}, DETACHED));
    }

    @Test
    void otherCommandsDoNot() {
        assertFalse(StartCommand.runsTheMaster(new String[] {}, Map.of()));
        assertFalse(StartCommand.runsTheMaster(new String[] {"status"}, DETACHED));
        assertFalse(StartCommand.runsTheMaster(new String[] {"check", "-p", "7000"}, Map.of()));
    }
}
