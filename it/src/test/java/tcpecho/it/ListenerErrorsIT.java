package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A bad --listen is a usage error (exit 2, one line, then the usage); a bad [[listener]] names file:line (exit 1). */
class ListenerErrorsIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"8090", "http:80", "echo:70000", "echo:localhost:80", "proxy:6479", "echo:80=db:1"})
    void aBadListenSpecExitsTwoWithOneLineAndWhereTheHelpIs(String spec) {
        MasterProcess master = masters.create();

        Cli.Result start = Cli.master("start", "--listen", spec, "--control-socket", master.controlSocket.toString(),
                "--pid-file", master.pidFile.toString());

        assertEquals(2, start.code(), start.toString());
        List<String> lines = start.stderr().lines().toList();
        assertTrue(lines.get(0).startsWith("--listen: listen "), start.toString());
        assertTrue(lines.get(0).endsWith("(got \"" + spec + "\")"), start.toString());
        assertEquals(List.of("Try 'tcp-echo-master start --help'"), lines.subList(1, lines.size()), start.toString());
    }

    @Test
    void aBadListenerTableExitsOneNamingFileLineAndRule() throws Exception {
        Path file = dir.resolve("l.toml");
        Files.writeString(file, "[[listener]]\nport = 9000\n\n[[listener]]\nprotocol = \"proxy\"\nport = 9001\n");
        MasterProcess master = masters.create();

        Cli.Result check = Cli.master("check", "-c", file.toString());
        Cli.Result start = Cli.master("start", "-c", file.toString(), "--control-socket",
                master.controlSocket.toString(), "--pid-file", master.pidFile.toString());

        String expected = "tcp-echo-master: " + file + ":4: listener[2].upstream is required for protocol proxy"
                + " (HOST:PORT like \"127.0.0.1:6379\", \"[::1]:6379\" or \"redis.internal:6379\")";
        assertEquals(1, check.code(), check.toString());
        assertEquals(expected, check.stderr().strip());
        assertEquals(1, start.code(), start.toString());
        assertEquals(expected, start.stderr().strip());
    }

    @Test
    void twoListenersOnOnePortAreRefused() throws Exception {
        Path file = dir.resolve("l.toml");
        Files.writeString(file, "[[listener]]\nport = 9000\n[[listener]]\nprotocol = \"daytime\"\nport = 9000\n");

        Cli.Result check = Cli.master("check", "-c", file.toString());

        assertEquals(1, check.code(), check.toString());
        assertEquals("tcp-echo-master: " + file + ":3: listener[2] conflicts with listener[1]: both listen on tcp port"
                + " 9000 of *", check.stderr().strip());
    }
}
