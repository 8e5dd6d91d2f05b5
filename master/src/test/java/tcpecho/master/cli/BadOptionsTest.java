package tcpecho.master.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import tcpecho.config.SettingRow;
import tcpecho.config.SettingRows;

/**
 * Every option of every subcommand, given a bad value: one line that names the option and the value,
 * then one line saying where the help is (not the whole usage, which scrolled the message away), and exit 2; a config file that cannot be read is a config error instead (exit 1).
 * The coverage tests below fail when an option is added without a row here.
 *
 * <p>The table runs through {@code check}, which takes exactly the options of {@code start} (asserted
 * below) and validates them the same way, but starts nothing if a bad value were ever accepted.
 */
class BadOptionsTest {
    /** Option → a value it must refuse. */
    private static final Map<String, String> BAD_VALUES = Map.ofEntries(
            Map.entry("--port", "70000"),
            Map.entry("--control-socket", ""),
            Map.entry("--bind", "localhost"),
            Map.entry("--workers", "0"),
            Map.entry("--pid-file", ""),
            Map.entry("--log-file", "bad\0path"),
            Map.entry("--log-level", "loud"),
            Map.entry("--idle-timeout", "-1s"),
            Map.entry("--max-connections", "1e3"),
            Map.entry("--backlog", "0"),
            Map.entry("--max-unsent", "64k"),
            Map.entry("--tcp-nodelay", "on"),
            Map.entry("--keepalive", "1"),
            Map.entry("--send-reset", "yes"),
            Map.entry("--linger-timeout", "11m"),
            Map.entry("--shutdown-timeout", "2h"),
            Map.entry("--ready-timeout", "0"),
            Map.entry("--drain-timeout", "soon"),
            Map.entry("--worker-timeout", "1s"),
            Map.entry("--worker-cpu-affinity", "0,x"),
            Map.entry("--metrics", "9145"),
            Map.entry("--log-format", "xml"),
            Map.entry("--udp-loop-guard", "off"),
            Map.entry("--udp-rate-per-source", "100"),
            Map.entry("--udp-rate-per-worker", "0/s"),
            Map.entry("--access", "allow localhost"),
            Map.entry("--max-connections-per-ip", "-1"),
            Map.entry("--connect-rate-per-ip", "5/h"),
            Map.entry("--listen", "http:80"));

    /**
     * Options that take no value, or whose bad value is not a usage error: tested on their own
     * ({@code --dump} without a proxy listener in MainTest).
     */
    private static final Set<String> NOT_IN_TABLE = Set.of("--help", "--version", "--daemon", "--config", "--json",
            "--fast", "--timeout", "--dump");

    /** What a subcommand needs besides its options to get as far as checking them. */
    private static final Map<String, List<String>> REQUIRED_ARGUMENTS = Map.of("scale", List.of("2"));

    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }

    static Stream<Arguments> badValues() {
        return BAD_VALUES.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "check {0} {1}")
    @MethodSource("badValues")
    void aBadValueIsOneLineNamingTheOptionThenWhereTheHelpIsAndExit2(String option, String value) {
        int code = execute("check", option, value);

        String[] lines = err.toString().split("\n");
        assertEquals(2, code, err.toString());
        assertTrue(lines[0].contains(option) && lines[0].contains(value), "first line: " + lines[0]);
        assertEquals("Try 'tcp-echo-master check --help'", lines[1], err.toString());
        assertEquals(2, lines.length, err.toString());
    }

    /** The table's options that each subcommand other than start and check has, one row each. */
    static Stream<Arguments> controlCommandOptions() {
        return Main.commandLine().getSubcommands().values().stream()
                .filter(sub -> !Set.of("start", "check").contains(sub.getCommandName()))
                .flatMap(sub -> sub.getCommandSpec().options().stream()
                        .map(OptionSpec::longestName)
                        .filter(BAD_VALUES::containsKey)
                        .map(option -> Arguments.of(sub.getCommandName(), option, BAD_VALUES.get(option))));
    }

    @Test
    void everyControlCommandHasBadValueRows() {
        Set<String> covered = controlCommandOptions().map(row -> (String) row.get()[0]).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("reload", "reopen", "scale", "status", "stop", "upgrade")), covered);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("controlCommandOptions")
    void controlCommandsRefuseTheirBadOptionsTheSameWay(String command, String option, String value) {
        List<String> args = new ArrayList<>(List.of(command, option, value));
        args.addAll(REQUIRED_ARGUMENTS.getOrDefault(command, List.of()));
        assertEquals(2, execute(args.toArray(String[]::new)), err.toString());
        assertTrue(err.toString().split("\n")[0].contains(option), err.toString());
        assertTrue(err.toString().endsWith("\nTry 'tcp-echo-master " + command + " --help'\n"), err.toString());
    }

    @Test
    void theTableCoversEveryOptionOfEverySubcommand() {
        Set<String> missing = new TreeSet<>();
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (!BAD_VALUES.containsKey(option.longestName()) && !NOT_IN_TABLE.contains(option.longestName())) {
                    missing.add(sub.getCommandName() + " " + option.longestName());
                }
            }
        }
        assertEquals(Set.of(), missing, "options without a bad-value row");
    }

    @Test
    void everyConfigKeyIsAStartFlagAndCheckTakesTheSameOnes() {
        Set<String> start = optionNames("start");
        Set<String> check = optionNames("check");

        List<String> keysWithoutFlag = SettingRows.STANDARD.all().stream().map(SettingRow::flagName).filter(f -> !start.contains(f)).toList();
        assertEquals(List.of(), keysWithoutFlag);
        start.remove("--daemon");
        assertEquals(start, check);
    }

    @Test
    void anUnreadableConfigFileIsAConfigErrorNamingTheFile() {
        // Config errors are not usage errors: the command prints them itself, on the process's stderr.
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, execute("check", "-c", "/nonexistent/tcp-echo.toml"));
        } finally {
            System.setErr(original);
        }
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("/nonexistent/tcp-echo.toml"), stderr.toString());
    }

    @Test
    void aBadScaleCountIsAUsageError() {
        assertEquals(2, execute("scale", "lots"));
        assertTrue(err.toString().startsWith("scale takes N, +N or -N (a whole number), got 'lots'"), err.toString());
    }

    /** Refused before the master is asked: the control socket named here does not exist. */
    @ParameterizedTest
    @ValueSource(strings = {"0", "1025"})
    void aScaleCountOutOfRangeIsAUsageError(String count) {
        assertEquals(2, execute("scale", count, "--control-socket", "/nonexistent/ctl.sock"));
        assertEquals("scale N takes a worker count of 1..1024 (got " + count + "); 'tcp-echo-master stop' stops the server\n"
                + "Try 'tcp-echo-master scale --help'\n", err.toString());
    }

    private static Set<String> optionNames(String subcommand) {
        return Main.commandLine().getSubcommands().get(subcommand).getCommandSpec().options().stream()
                .map(OptionSpec::longestName).collect(Collectors.toCollection(TreeSet::new));
    }
}
