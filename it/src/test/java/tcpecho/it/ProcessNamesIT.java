package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * The args column shows the name, one argument file and the process's own arguments, not the
     * JVM's options and class path (they are in the file, which the java launcher reads).
     */
    @Test
    void psArgsShowAnArgumentFileInsteadOfJvmFlags() throws IOException {
        MasterProcess master = masters.start();
        long worker1 = master.workerPids().get(0);

        String masterArgs = args(master.pid());
        Matcher masterLine = Pattern.compile("tcp-echo\\[mastr\\] @(/\\S+\\.jvm) start -p " + master.port + " .*")
                .matcher(masterArgs);
        assertTrue(masterLine.matches(), "ps -o args= of the master: " + masterArgs);
        assertTrue(Files.readString(Path.of(masterLine.group(1))).contains("tcpecho.master.cli.Main"), masterArgs);

        String workerArgs = args(worker1);
        Matcher workerLine = Pattern.compile("tcp-echo\\[wrk1\\] @(/\\S+\\.jvm) --slot 1 --generation 1 .*").matcher(workerArgs);
        assertTrue(workerLine.matches(), "ps -o args= of worker 1: " + workerArgs);
        Path argFile = Path.of(workerLine.group(1));
        assertEquals(master.controlSocket.getParent(), argFile.getParent(), "in the master's runtime directory");
        assertTrue(Files.readString(argFile).contains("-XX:+UseSerialGC"), workerArgs);
        assertFalse(masterArgs.contains("-XX:") || workerArgs.contains("-XX:"), masterArgs + "\n" + workerArgs);
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
        String args = args(pid);
        assertTrue(args.startsWith(name + " "), "ps -o args= -p " + pid + " starts with " + name + ": " + args);
    }

    /** The args column of ps (ps -ef, ps aux), which shows argv. */
    static String args(long pid) {
        Cli.Result ps = Cli.run(List.of("ps", "-ww", "-o", "args=", "-p", Long.toString(pid)));
        assertEquals(0, ps.code(), ps.toString());
        return ps.stdout().strip();
    }
}
