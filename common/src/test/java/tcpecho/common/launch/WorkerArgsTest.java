package tcpecho.common.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcpecho.common.log.Level;
import tcpecho.common.log.LogFormat;

class WorkerArgsTest {
    private static final List<InheritedListener> LISTENERS = List.of(new InheritedListener(3, Protocol.ECHO, "inet", "x"));
    private static final WorkerArgs ARGS = new WorkerArgs(2, 9, Path.of("/tmp/c.sock"), LISTENERS, Level.DEBUG,
            Path.of("/tmp/w.log"), 250, 4096, new ConnectionLimits(30_000, 500, false, true, true, 2_000), LogFormat.JSON,
            Rate.OFF);

    @Test
    void parseReadsBackWhatToArgsWrote() {
        assertEquals(ARGS, parse(ARGS.toArgs()));
    }

    /** The user's names, so a worker's command line in ps reads like the config. */
    @Test
    void settingsTravelUnderTheUsersNames() {
        String line = String.join(" ", ARGS.toArgs());

        assertTrue(line.contains("--max-unsent 4096 --idle-timeout 30000ms --max-connections 500"), line);
        assertTrue(line.endsWith("--udp-rate-per-worker off"), line);
    }

    @Test
    void anUnknownArgumentIsRefusedByName() {
        List<String> args = new ArrayList<>(ARGS.toArgs());
        args.addAll(List.of("--max-pending", "65536"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args));
        assertEquals("unknown worker argument --max-pending", e.getMessage());
    }

    /** The worker holds no defaults: what the master always sends must be there. */
    @Test
    void aMissingArgumentIsRefusedByName() {
        List<String> args = new ArrayList<>(ARGS.toArgs());
        int at = args.indexOf("--max-unsent");
        args.subList(at, at + 2).clear();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args));
        assertEquals("missing worker argument --max-unsent", e.getMessage());
    }

    @Test
    void onlyTheLogFileIsOptional() {
        WorkerArgs toStdout = new WorkerArgs(1, 1, Path.of("/tmp/c.sock"), LISTENERS, Level.INFO, null, 1000, 4096,
                ARGS.limits(), LogFormat.PLAIN, ARGS.udpRatePerWorker());

        assertEquals(toStdout, parse(toStdout.toArgs()));
    }

    @Test
    void aRepeatedArgumentIsRefused() {
        List<String> args = new ArrayList<>(ARGS.toArgs());
        args.addAll(List.of("--keepalive", "false"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args));
        assertEquals("worker argument --keepalive is given 2 times", e.getMessage());
    }

    @Test
    void badRateNamesTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(replaced("--udp-rate-per-worker", "lots")));

        assertEquals("worker argument --udp-rate-per-worker must be \"off\" or N/s or N/m with N from 1 to 100000000"
                + " (like \"100/s\"), got lots", e.getMessage());
    }

    @Test
    void badBooleanNamesTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(replaced("--keepalive", "yes")));

        assertEquals("worker argument --keepalive must be true or false, got yes", e.getMessage());
    }

    @Test
    void aDurationWithoutItsUnitIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(replaced("--idle-timeout", "5000")));

        assertEquals("worker argument --idle-timeout must be milliseconds like 5000ms, got 5000", e.getMessage());
    }

    @Test
    void negativeIdleTimeoutIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(replaced("--idle-timeout", "-1ms")));

        assertEquals("idle-timeout must not be negative, got -1", e.getMessage());
    }

    private static List<String> replaced(String name, String value) {
        List<String> args = new ArrayList<>(ARGS.toArgs());
        args.set(args.indexOf(name) + 1, value);
        return args;
    }

    private static WorkerArgs parse(List<String> args) {
        return WorkerArgs.parse(args.toArray(String[]::new));
    }
}
