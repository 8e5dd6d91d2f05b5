package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What ps, and pgrep show for the master and its workers. */
class ProcessNamesIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void psShowsTheNamesInCommAndArgs() {
        MasterProcess master = masters.start();
        List<Long> workers = master.workerPids();

        Map<Long, String> comm = psComm();
        assertEquals("tcp-echo[mastr]", comm.get(master.pid()));
        assertEquals("tcp-echo[wrk1]", comm.get(workers.get(0)));
        assertEquals("tcp-echo[wrk2]", comm.get(workers.get(1)));

        assertArgsStartWith("tcp-echo[mastr]", master.pid());
        assertArgsStartWith("tcp-echo[wrk1]", workers.get(0));
        assertArgsStartWith("tcp-echo[wrk2]", workers.get(1));
    }

    @Test
    void pgrepFindsAWorkerByName() {
        MasterProcess master = masters.start();
        long worker1 = master.workerPids().get(0);

        Cli.Result pgrep = Cli.run(List.of("pgrep", "-f", "tcp-echo\\[wrk1\\]"));

        assertEquals(0, pgrep.code(), pgrep.toString());
        assertTrue(pgrep.stdout().lines().map(String::strip).toList().contains(Long.toString(worker1)),
                "pgrep -f 'tcp-echo\\[wrk1\\]' lists worker 1, pid " + worker1 + ":\n" + pgrep);
    }

    private static Map<Long, String> psComm() {
        Cli.Result ps = Cli.run(List.of("ps", "-e", "-o", "pid=,comm="));
        assertEquals(0, ps.code(), ps.toString());
        Map<Long, String> names = new HashMap<>();
        for (String line : ps.stdout().lines().toList()) {
            String[] fields = line.strip().split("\\s+", 2);
            if (fields.length == 2) {
                names.put(Long.parseLong(fields[0]), fields[1]);
            }
        }
        return names;
    }

    private static void assertArgsStartWith(String name, long pid) {
        Cli.Result ps = Cli.run(List.of("ps", "-o", "args=", "-p", Long.toString(pid)));
        assertEquals(0, ps.code(), ps.toString());
        assertTrue(ps.stdout().startsWith(name + " "), "ps -o args= -p " + pid + " starts with " + name + ": " + ps.stdout());
    }
}
