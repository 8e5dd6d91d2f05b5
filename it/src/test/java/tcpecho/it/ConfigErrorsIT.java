package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** check and start reject a bad config file naming file:line and the rule; the sample config is valid. */
class ConfigErrorsIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @TempDir
    Path dir;

    @Test
    void checkNamesFileLineAndRuleOfABadPort() throws Exception {
        Path file = write("# line 1\nport = 70000\n");

        Cli.Result check = Cli.master("check", "-c", file.toString());

        assertEquals(1, check.code(), check.toString());
        assertTrue(check.stderr().contains(file + ":2"), check.toString());
        assertTrue(check.stderr().contains("port must be between 1 and 65535"), check.toString());
    }

    @Test
    void startRefusesABadPortWithTheSameMessage() throws Exception {
        Path file = write("# line 1\nport = 70000\n");
        MasterProcess master = masters.create();

        // Pointed at this test's private control socket, so a start that wrongly succeeded is cleaned up.
        Cli.Result start = Cli.master("start", "-c", file.toString(), "--control-socket", master.controlSocket.toString(),
                "--pid-file", master.pidFile.toString());

        assertEquals(1, start.code(), start.toString());
        assertTrue(start.stderr().contains(file + ":2"), start.toString());
        assertTrue(start.stderr().contains("port must be between 1 and 65535"), start.toString());
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() throws Exception {
        Path file = write("port = 9000\n\nworkerz = 2\n");

        Cli.Result check = Cli.master("check", "-c", file.toString());

        assertEquals(1, check.code(), check.toString());
        assertTrue(check.stderr().contains(file + ":3"), check.toString());
        assertTrue(check.stderr().contains("unknown key 'workerz'"), check.toString());
    }

    @Test
    void theSampleConfigIsValidAndCheckShowsEverySettingWithItsSource() {
        Path sample = MasterProcess.HOME.resolve("config/tcp-echo.toml");

        Cli.Result check = Cli.master("check", "-c", sample.toString());

        assertEquals(0, check.code(), check.toString());
        assertTrue(check.stdout().contains("is valid"), check.toString());
        String port = check.stdout().lines().filter(l -> l.startsWith("port ")).findFirst().orElse("");
        assertTrue(port.matches("port\\s+8090\\s+.*tcp-echo\\.toml.*"), "port row names the file as its source: " + check);
        String logLevel = check.stdout().lines().filter(l -> l.startsWith("log-level ")).findFirst().orElse("");
        assertTrue(logLevel.matches("log-level\\s+info\\s+default.*"), "log-level row comes from the default: " + check);
    }

    private Path write(String toml) throws Exception {
        Path file = dir.resolve("bad.toml");
        Files.writeString(file, toml);
        return file;
    }
}
