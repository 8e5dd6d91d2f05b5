package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The proxy against a real server: redis-server on a free 127.0.0.1 port, the master proxying a
 * second port to it with {@code --dump}, and redis-cli talking through the proxy. Installs
 * redis-server and redis-tools from Debian when they are missing; skips only when that is
 * impossible outside CI (in CI, with {@code CI} set, it fails instead).
 */
class RedisProxyIT {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension
    final Masters masters = new Masters();

    private Process redis;

    @AfterEach
    void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    @Test
    void redisCliThroughTheProxyGetsRightAnswersAndTheDumpShowsTheResp() throws Exception {
        ensureRedisInstalled();
        int redisPort = MasterProcess.freePort();
        Path redisLog = Files.createTempFile("redis", ".log");
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(redisLog.toFile()).start();
        Poll.until(Duration.ofSeconds(15), "redis-server to answer on " + redisPort,
                () -> redisCli(redisPort, "PING").stdout().strip().equals("PONG"));
        MasterProcess master = masters.create();
        master.start("--listen", "proxy:" + master.port + "=127.0.0.1:" + redisPort, "--dump");

        assertEquals("PONG", redisCli(master.port, "PING").stdout().strip());
        assertEquals("OK", redisCli(master.port, "SET", "k", "v").stdout().strip());
        assertEquals("v", redisCli(master.port, "GET", "k").stdout().strip());
        Cli.Result info = redisCli(master.port, "INFO", "server");
        assertTrue(info.stdout().contains("redis_version:"), info.toString());

        Poll.until(Duration.ofSeconds(10), "the dump of PING in the log", () -> {
            String log = master.log();
            return log.contains("c->s") && log.contains("s->c") && showsPing(log) && log.contains("PONG");
        });
    }

    /**
     * {@code *1\r\n$4\r\nPING}: as the text dump shows it (one indented line per RESP line, the
     * default for printable chunks), or as a hex dump spells it.
     */
    private static boolean showsPing(String log) {
        return log.contains("\n  *1\n  $4\n  PING\n") || log.replace(" ", "").contains("2a310d0a24340d0a50494e47");
    }

    private static Cli.Result redisCli(int port, String... command) {
        List<String> argv = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        argv.addAll(List.of(command));
        return Cli.run(argv);
    }

    private static void ensureRedisInstalled() throws IOException, InterruptedException {
        if (installed()) {
            return;
        }
        List<String> sudo = Cli.run(List.of("id", "-u")).stdout().strip().equals("0") ? List.of()
                : List.of("sudo", "-n");
        StringBuilder output = new StringBuilder();
        boolean ok = run(sudo, List.of("apt-get", "update", "-qq"), output)
                && run(sudo, List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq",
                        "--no-install-recommends", "redis-server", "redis-tools"), output);
        if (ok && installed()) {
            return;
        }
        String why = "redis-server and redis-cli are missing and apt-get could not install them: " + output;
        if (System.getenv("CI") != null) {
            throw new AssertionError(why);
        }
        Assumptions.abort(why);
    }

    private static boolean installed() {
        return Cli.run(List.of("sh", "-c", "command -v redis-server && command -v redis-cli")).code() == 0;
    }

    private static boolean run(List<String> sudo, List<String> command, StringBuilder output)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(sudo);
        argv.addAll(command);
        Path log = Files.createTempFile("apt", ".log");
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                output.append(String.join(" ", argv)).append(": no answer in ").append(INSTALL_TIMEOUT.toMinutes())
                        .append(" min");
                return false;
            }
            output.append(String.join(" ", argv)).append(": exit ").append(process.exitValue()).append(' ')
                    .append(Files.readString(log).strip()).append("; ");
            return process.exitValue() == 0;
        } catch (IOException notFound) {
            output.append(String.join(" ", argv)).append(": ").append(notFound.getMessage());
            return false;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
