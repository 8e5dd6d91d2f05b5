package tcpecho.master.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage errors exit 2 with the reason and the usage, before anything is started or contacted. */
class MainTest {
    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int execute(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(out, true));
        return commandLine.execute(args);
    }

    @Test
    void aPortThatIsNotANumberIsAUsageError() {
        assertEquals(2, execute("start", "--port", "abc"));
        assertTrue(err.toString().contains("'abc'"), err.toString());
        assertTrue(err.toString().contains("Usage: tcp-echo-master start"), err.toString());
    }

    @Test
    void zeroWorkersIsAUsageErrorNamingTheFlag() {
        assertEquals(2, execute("start", "-w", "0"));
        assertTrue(err.toString().contains("--workers"), err.toString());
        assertTrue(err.toString().contains("Usage: tcp-echo-master start"), err.toString());
    }

    @Test
    void checkRejectsBadFlagValuesAsUsageErrorsToo() {
        assertEquals(2, execute("check", "-w", "0"));
        assertTrue(err.toString().contains("--workers"), err.toString());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(2, execute("status", "--bogus"));
        assertTrue(err.toString().contains("--bogus"), err.toString());
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        assertEquals(2, execute("restart"));
        assertTrue(err.toString().contains("restart"), err.toString());
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertEquals(2, execute());
        assertTrue(err.toString().contains("a subcommand is required"), err.toString());
    }

    @Test
    void aNegativeStopTimeoutIsAUsageError() {
        assertEquals(2, execute("stop", "--timeout", "-1", "--control-socket", "/nonexistent/ctl.sock"));
        assertTrue(err.toString().contains("--timeout must be 0 or more seconds (got -1)"), err.toString());
    }

    @Test
    void helpExitsZero() {
        assertEquals(0, execute("--help"));
        assertTrue(out.toString().contains("Exit codes:"), out.toString());
    }
}
