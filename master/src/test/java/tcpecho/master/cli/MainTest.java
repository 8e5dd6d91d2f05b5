package tcpecho.master.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Usage errors exit 2 with the reason and where the help is, before anything is started or contacted. */
class MainTest {
    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    /** As bin/tcp-echo-master runs: with the command line built for these arguments. */
    private int execute(String... args) {
        CommandLine commandLine = Main.commandLine(args);
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(out, true));
        return commandLine.execute(args);
    }

    @Test
    void aPortThatIsNotANumberIsAUsageError() {
        assertEquals(2, execute("start", "--port", "abc"));
        assertEquals("Invalid value for option '--port': 'abc' is not an int\nTry 'tcp-echo-master start --help'\n",
                err.toString());
    }

    @Test
    void aPortOutOfRangeIsTheMessageThenWhereTheHelpIs() {
        assertEquals(2, execute("start", "-p", "99999"));
        assertEquals("--port: port must be between 1 and 65535 (got 99999)\nTry 'tcp-echo-master start --help'\n",
                err.toString());
    }

    static Stream<String> subcommands() {
        return Main.commandLine().getSubcommands().keySet().stream();
    }

    /** Every subcommand: the message, at most picocli's "Did you mean" lines, then where its help is. */
    @ParameterizedTest
    @MethodSource("subcommands")
    void everySubcommandsUsageErrorEndsWithWhereItsHelpIs(String subcommand) {
        assertEquals(2, execute(subcommand, "--bogus"));
        List<String> lines = err.toString().lines().toList();
        assertEquals("Try 'tcp-echo-master " + subcommand + " --help'", lines.get(lines.size() - 1), err.toString());
        assertTrue(lines.size() <= 4, err.toString());
    }

    @Test
    void zeroWorkersIsAUsageErrorNamingTheFlag() {
        assertEquals(2, execute("start", "-w", "0"));
        assertTrue(err.toString().contains("--workers"), err.toString());
        assertTrue(err.toString().endsWith("\nTry 'tcp-echo-master start --help'\n"), err.toString());
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
        assertTrue(err.toString().startsWith("Unmatched argument at index 0: 'restart'\n"), err.toString());
        assertTrue(err.toString().endsWith("\nTry 'tcp-echo-master --help'\n"), err.toString());
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
    void aBadListenSpecIsAUsageErrorOfOneLine() {
        assertEquals(2, execute("start", "--listen", "http:80"));
        assertEquals("--listen: listen protocol must be one of echo, echo-udp, daytime, discard, chargen, proxy"
                + " (got \"http:80\")", err.toString().lines().findFirst().orElse(""));
        assertEquals(List.of("Try 'tcp-echo-master start --help'"), err.toString().lines().skip(1).toList());
    }

    @Test
    void dumpWithoutAProxyIsAUsageError() {
        assertEquals(2, execute("check", "--listen", "echo:9000", "--dump"));
        assertTrue(err.toString().startsWith("--dump: no proxy listener to dump"), err.toString());
    }

    @Test
    void checkPrintsTheListeners() {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true));
        try {
            assertEquals(0, execute("check", "--listen", "echo:9000", "--listen", "proxy:6479=127.0.0.1:6379", "--dump"));
        } finally {
            System.setOut(saved);
        }
        assertTrue(printed.toString().contains("proxy-6479  proxy     tcp *:6479  upstream=127.0.0.1:6379 dump=log"),
                printed.toString());
    }

    /** Main builds only the subcommand it runs: that one must read and parse as in the whole command line. */
    @ParameterizedTest
    @MethodSource("subcommands")
    void aSubcommandBuiltAloneHasTheSameHelpAsInTheWholeCommandLine(String subcommand) {
        CommandLine alone = Main.commandLine(subcommand, "--help");
        assertEquals(List.of(subcommand), List.copyOf(alone.getSubcommands().keySet()));
        assertEquals(Main.commandLine().getSubcommands().get(subcommand).getUsageMessage(),
                alone.getSubcommands().get(subcommand).getUsageMessage());
    }

    @Test
    void helpExitsZero() {
        assertEquals(0, execute("--help"));
        assertTrue(out.toString().contains("Exit codes:"), out.toString());
    }
}
