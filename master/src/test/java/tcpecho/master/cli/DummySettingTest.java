package tcpecho.master.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tcpecho.config.Rules;
import tcpecho.config.SettingRow;
import tcpecho.config.SettingRow.Scope;
import tcpecho.config.SettingRows;
import tcpecho.config.Settings;
import tcpecho.config.SettingsLoader;
import tcpecho.config.Source;

/**
 * A setting is one row: this test adds one, and nothing else, and finds it as a config file key, an
 * environment variable, a start and check flag with its help, a line of check's table and a worker
 * argument.
 */
class DummySettingTest {
    private static final SettingRow DUMMY = SettingRow.of("dummy-knob", key -> Rules.wholeNumber(key, 0, 100))
            .byDefault("7").appliesTo(Scope.WORKER).flag("N", "How far this test turns the knob");
    private static final SettingRows ROWS = SettingRows.STANDARD.with(DUMMY);

    @TempDir
    Path dir;

    @Test
    void itIsAConfigFileKey() throws Exception {
        Path file = Files.writeString(dir.resolve("t.toml"), "dummy-knob = 11\n");

        Settings settings = loader(Map.of()).load(file, Map.of());

        assertEquals(11, settings.setting("dummy-knob").value());
        assertEquals(file + ":1", settings.setting("dummy-knob").origin());
    }

    @Test
    void itIsAnEnvironmentVariable() throws Exception {
        Settings settings = loader(Map.of("TCP_ECHO_DUMMY_KNOB", "12")).load(null, Map.of());

        assertEquals(12, settings.setting("dummy-knob").value());
        assertEquals(Source.ENV, settings.setting("dummy-knob").source());
    }

    @Test
    void itHasItsDefaultAndItsRule() throws Exception {
        assertEquals(7, loader(Map.of()).load(null, Map.of()).setting("dummy-knob").value());

        Cli check = execute("check", "--control-socket", dir.resolve("c.sock").toString(), "--dummy-knob", "101");
        assertEquals(2, check.code(), check.toString());
        assertTrue(check.err().startsWith("--dummy-knob: dummy-knob must be between 0 and 100 (got 101)\n"), check.err());
    }

    @Test
    void itIsAStartAndCheckFlagWithItsHelp() {
        for (String command : List.of("start", "check")) {
            String help = Main.commandLine(ROWS).getSubcommands().get(command).getUsageMessage();

            assertTrue(help.replaceAll("\\s+", " ").contains(
                    "--dummy-knob=N How far this test turns the knob (default: 7)."), help);
        }
    }

    @Test
    void itIsALineOfChecksTable() {
        Cli check = execute("check", "--control-socket", dir.resolve("c.sock").toString(), "--dummy-knob", "13");

        assertEquals(0, check.code(), check.toString());
        assertTrue(check.out().lines().anyMatch(line -> line.matches("dummy-knob +13 +flag --dummy-knob")), check.out());
    }

    /** WorkerArgsFactory appends exactly these to a worker's command line. */
    @Test
    void itIsAWorkerArgument() throws Exception {
        Settings settings = loader(Map.of()).load(null, Map.of("dummy-knob", "14"));

        List<String> args = settings.workerArguments();
        int at = args.indexOf("--dummy-knob");
        assertTrue(at >= 0, args.toString());
        assertEquals("14", args.get(at + 1));
    }

    private SettingsLoader loader(Map<String, String> env) {
        return new SettingsLoader(ROWS, env, 2, () -> dir);
    }

    private record Cli(int code, String out, String err) {
    }

    /** check prints its table on the process's standard output. */
    private static Cli execute(String... args) {
        CommandLine commandLine = Main.commandLine(ROWS);
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(out, true));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = commandLine.execute(args);
        } finally {
            System.setOut(original);
        }
        return new Cli(code, out + stdout.toString(StandardCharsets.UTF_8), err.toString());
    }
}
