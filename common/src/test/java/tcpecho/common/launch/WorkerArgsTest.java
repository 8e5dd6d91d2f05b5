package tcpecho.common.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tcpecho.common.log.LogFormat;

class WorkerArgsTest {
    private static final List<InheritedListener> LISTENERS = List.of(new InheritedListener(3, Protocol.ECHO, "inet", "x"));

    @Test
    void parseReadsBackWhatToArgsWrote() {
        WorkerArgs args = new WorkerArgs(2, 9, Path.of("/tmp/c.sock"), LISTENERS, "debug", Path.of("/tmp/w.log"),
                250, 4096, new ConnectionLimits(30_000, 500, false, true, true, 2_000));

        assertEquals(args, WorkerArgs.parse(args.toArgs().toArray(String[]::new)));
    }

    @Test
    void jsonLogFormatTravelsToTheWorker() {
        WorkerArgs args = new WorkerArgs(1, 1, Path.of("/tmp/c.sock"), LISTENERS, "info", null, 1000, 4096,
                ConnectionLimits.DEFAULTS, LogFormat.JSON);

        assertEquals(LogFormat.JSON, WorkerArgs.parse(args.toArgs().toArray(String[]::new)).logFormat());
    }

    @Test
    void udpLimitsTravelToTheWorker() {
        DatagramLimits udp = new DatagramLimits(false, new Rate(5, 'm'), Rate.OFF);
        WorkerArgs args = new WorkerArgs(1, 1, Path.of("/tmp/c.sock"), LISTENERS, "info", null, 1000, 4096,
                ConnectionLimits.DEFAULTS, LogFormat.PLAIN, udp);

        assertEquals(udp, WorkerArgs.parse(args.toArgs().toArray(String[]::new)).datagrams());
    }

    @Test
    void badRateNamesTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerArgs.parse(
                new String[] {"--udp-rate-per-source", "lots"}));

        assertEquals("option --udp-rate-per-source must be \"off\" or N/s or N/m with N from 1 to 100000000"
                + " (like \"100/s\"), got lots", e.getMessage());
    }

    @Test
    void limitsDefaultWhenAbsent() {
        WorkerArgs args = WorkerArgs.parse(new String[] {"--control", "/tmp/c", "--listener", LISTENERS.get(0).encode()});

        assertEquals(ConnectionLimits.DEFAULTS, args.limits());
        assertEquals(DatagramLimits.DEFAULTS, args.datagrams());
    }

    @Test
    void badBooleanNamesTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerArgs.parse(
                new String[] {"--keepalive", "yes"}));

        assertEquals("option --keepalive must be true or false, got yes", e.getMessage());
    }

    @Test
    void negativeIdleTimeoutIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WorkerArgs.parse(new String[] {"--idle-timeout-ms", "-1"}));
    }
}
