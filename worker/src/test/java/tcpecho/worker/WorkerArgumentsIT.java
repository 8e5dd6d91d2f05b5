package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.Protocol;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.common.log.Level;
import tcpecho.common.log.LogFormat;

/**
 * A worker JVM handed an argument it does not know (a master of another version) or missing one it
 * needs exits 78, which the master reads as "do not respawn", naming the argument.
 */
class WorkerArgumentsIT {
    private static final WorkerArgs ARGS = new WorkerArgs(1, 1, Path.of("/nonexistent/control.sock"),
            List.of(new InheritedListener(3, Protocol.ECHO, "inet", "echo")), Level.INFO, null, 1000,
            TestDefaults.MAX_UNSENT, TestDefaults.CONNECTION_LIMITS, LogFormat.PLAIN, TestDefaults.UDP_RATE_PER_WORKER);

    @Test
    void anUnknownArgumentExits78NamingIt() throws Exception {
        List<String> args = new ArrayList<>(ARGS.toArgs());
        args.addAll(List.of("--max-pending", "65536"));

        Result worker = run(args);

        assertEquals(78, worker.code(), worker.output());
        assertTrue(worker.output().contains("bad worker arguments: unknown worker argument --max-pending"),
                worker.output());
    }

    @Test
    void aMissingArgumentExits78NamingIt() throws Exception {
        List<String> args = new ArrayList<>(ARGS.toArgs());
        int at = args.indexOf("--max-unsent");
        args.subList(at, at + 2).clear();

        Result worker = run(args);

        assertEquals(78, worker.code(), worker.output());
        assertTrue(worker.output().contains("bad worker arguments: missing worker argument --max-unsent"),
                worker.output());
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WorkerArgs.MAIN_CLASS));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the worker did not exit");
            return new Result(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
