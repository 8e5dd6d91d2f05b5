package tcpecho.master.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** A plain command line reads as picocli reads it; any other goes to picocli. */
class PlainClientArgsTest {

    @ParameterizedTest
    @ValueSource(strings = {"status", "status --json", "status --json -p 8123", "status --port=8123 --json",
        "reload -c /etc/tcp-echo/master.toml", "reload --config=a.toml -p 9", "reopen --control-socket /run/t/c.sock",
        "status --control-socket=rel/c.sock --config x.toml --port 65535", "status -p 99999"})
    void readsAPlainCommandLineAsPicocliDoes(String line) {
        String[] args = line.split(" ");
        ControlCommand plain = PlainClientArgs.parse(args);
        assertNotNull(plain, line);
        ParseResult parsed = Main.commandLine(args).parseArgs(args);
        ControlCommand picocli = (ControlCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(picocli.getClass(), plain.getClass());
        assertEquals(fields(picocli), fields(plain), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "start", "stop", "scale 2", "status --help", "status -h", "status -V", "status --bogus",
        "status extra", "status --json --json", "status -p 1 --port 2", "status --json=true", "status -p",
        "status -p 0", "status -p 08", "status -p +8", "status -p -1", "status -p8", "status -p=8", "status --port=",
        "status @args", "status -c @file", "status --control-socket -p", "reload --json", "reopen --json",
        "--help status", "status -- -p"})
    void leavesAnyOtherCommandLineToPicocli(String line) {
        assertNull(PlainClientArgs.parse(line.isEmpty() ? new String[0] : line.split(" ")), line);
    }

    private static List<Object> fields(ControlCommand command) {
        return List.of(command instanceof StatusCommand status && status.json, Objects.toString(command.target.port),
                Objects.toString(command.target.configFile), Objects.toString(command.target.controlSocket));
    }
}
