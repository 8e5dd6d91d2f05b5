package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** stop: the master and its workers exit and the port is free again. */
class StopIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void stopEndsEveryProcessAndFreesThePort() throws Exception {
        MasterProcess master = masters.start();
        List<Long> pids = new ArrayList<>(master.workerPids());

        Cli.Result stop = master.cli("stop");

        assertEquals(0, stop.code(), stop.toString());
        assertEquals("stopped (master pid " + master.pid() + ")", stop.stdout().strip());
        assertTrue(Pids.gone(master.pid()), "stop returns once the master is gone");
        assertEquals(0, master.process().waitFor(), "the master's exit code");
        Poll.until(Duration.ofSeconds(5), "workers " + pids + " to exit", () -> pids.stream().allMatch(Pids::gone));
        Poll.until(Duration.ofSeconds(5), "127.0.0.1:" + master.port + " to be bindable", master::portIsFree);
        Cli.Result status = master.cli("status");
        assertEquals(3, status.code(), status.toString());
    }
}
