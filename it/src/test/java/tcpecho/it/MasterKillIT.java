package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workers do not outlive a master killed with SIGKILL (they see their control connection close). */
class MasterKillIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void workersExitWithinOneSecondOfTheMastersSigkill() {
        MasterProcess master = masters.start();
        List<Long> workers = master.workerPids();

        long killedAt = System.nanoTime();
        Pids.signal(master.pid(), "KILL");
        Poll.until(Duration.ofSeconds(1), "workers " + workers + " to exit after the master's SIGKILL",
                () -> workers.stream().allMatch(Pids::gone));
        long tookMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();

        assertTrue(tookMillis < 1000, "workers exited " + tookMillis + " ms after the master's SIGKILL");
        Poll.until(Duration.ofSeconds(5), "127.0.0.1:" + master.port + " to be bindable", master::portIsFree);
    }
}
