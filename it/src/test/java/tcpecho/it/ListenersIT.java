package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several echo listeners, from --listen and from [[listener]] tables, served by every worker;
 * a reload that adds and removes listeners loses no connection on the listener it leaves alone.
 * These need only the echo protocol; ProtocolsIT covers the others.
 */
class ListenersIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void listenFlagsServeEveryListenerAndStatusNamesThem() throws Exception {
        int second = MasterProcess.freePort();
        MasterProcess master = masters.create();
        master.start("--listen", "echo:127.0.0.1:" + master.port, "--listen", "echo:127.0.0.1:" + second);

        for (int port : List.of(master.port, second)) {
            byte[] data = EchoClient.random(5_000, port);
            assertArrayEquals(data, EchoClient.echo(port, data), "port " + port);
        }
        List<JsonObject> listeners = listeners(master.status());
        assertEquals(List.of("echo-" + master.port, "echo-" + second), listeners.stream()
                .map(l -> l.get("name").getAsString()).toList());
        assertEquals("127.0.0.1:" + second, listeners.get(1).get("endpoint").getAsString());
        assertEquals("tcp", listeners.get(1).get("transport").getAsString());
        Cli.Result table = master.cli("status");
        assertTrue(table.stdout().lines().anyMatch(l -> l.matches("echo-" + second + "\\s+echo\\s+tcp 127\\.0\\.0\\.1:"
                + second + "(\\s+\\d+){5}")), table.toString());
    }

    @Test
    void configListenersServeAndCheckListsThem() throws Exception {
        MasterProcess master = masters.create();
        int second = MasterProcess.freePort();
        Path config = writeConfig(master, "[[listener]]\nname = \"main\"\nport = " + master.port
                + "\n\n[[listener]]\nport = " + second + "\n");

        Cli.Result check = Cli.master("check", "-c", config.toString(), "-b", "127.0.0.1");
        master.start("-c", config.toString());

        assertEquals(0, check.code(), check.toString());
        assertTrue(check.stdout().lines().anyMatch(l -> l.matches("main\\s+echo\\s+tcp 127\\.0\\.0\\.1:" + master.port
                + "\\s+-\\s+file " + config + ":2")), check.toString());
        for (int port : List.of(master.port, second)) {
            byte[] data = EchoClient.random(5_000, port);
            assertArrayEquals(data, EchoClient.echo(port, data), "port " + port);
        }
    }

    @Test
    void reloadAddsAndRemovesListenersWithNoFailedConnectOnTheUntouchedOne() throws Exception {
        MasterProcess master = masters.create();
        int removed = MasterProcess.freePort();
        int added = MasterProcess.freePort();
        Path config = writeConfig(master, listener("kept", master.port) + listener("removed", removed));
        master.start("-c", config.toString());

        try (ConnectLoop load = new ConnectLoop(master.port)) {
            load.awaitRounds(20);
            Files.writeString(config, Files.readString(config).replace(listener("removed", removed), "")
                    + listener("added", added));
            Cli.Result reload = master.cli("reload");
            assertEquals(0, reload.code(), reload.toString());
            Poll.until(Duration.ofSeconds(15), "the old generation to exit",
                    () -> MasterProcess.workers(master.status()).stream()
                            .allMatch(w -> w.get("generation").getAsLong() == 2));
            load.awaitRounds(load.rounds() + 20);
            assertEquals(List.of(), load.failures(), "connects to the untouched listener during the reload");
        }
        byte[] data = EchoClient.random(3_000, 9);
        assertArrayEquals(data, EchoClient.echo(added, data));
        assertThrows(ConnectException.class, () -> EchoClient.echo(removed, data));
        assertEquals(List.of("kept", "added"), listeners(master.status()).stream()
                .map(l -> l.get("name").getAsString()).toList());
        assertTrue(master.log().contains("listeners +added (echo 127.0.0.1:" + added + ") -removed"), master.log());
    }

    static String listener(String name, int port) {
        return "\n[[listener]]\nname = \"" + name + "\"\nport = " + port + "\n";
    }

    /** A config for {@code master}'s flags (-b 127.0.0.1 and its port) with {@code listeners} in it. */
    static Path writeConfig(MasterProcess master, String listeners) throws IOException {
        Path config = master.dir.resolve("listeners.toml");
        Files.writeString(config, "# listeners for " + master.port + "\n" + listeners);
        return config;
    }

    static List<JsonObject> listeners(JsonObject status) {
        List<JsonObject> list = new ArrayList<>();
        for (JsonElement element : status.getAsJsonArray("listeners")) {
            list.add(element.getAsJsonObject());
        }
        return list;
    }

    /** Echoes a few bytes over a fresh connection to one port, again and again, and keeps every failure. */
    static final class ConnectLoop implements AutoCloseable {
        private final Thread thread;
        private final List<String> failures = new ArrayList<>();
        private volatile boolean running = true;
        private volatile int rounds;

        ConnectLoop(int port) {
            thread = new Thread(() -> {
                byte[] data = EchoClient.random(64, port);
                while (running) {
                    try {
                        byte[] back = EchoClient.echo(port, data);
                        if (back.length != data.length) {
                            fail("short echo: " + back.length + " bytes");
                        }
                    } catch (IOException e) {
                        fail(e.toString());
                    }
                    rounds++;
                }
            }, "connect-loop-" + port);
            thread.setDaemon(true);
            thread.start();
        }

        private synchronized void fail(String why) {
            failures.add(why);
        }

        synchronized List<String> failures() {
            return List.copyOf(failures);
        }

        int rounds() {
            return rounds;
        }

        void awaitRounds(int count) {
            Poll.until(Duration.ofSeconds(20), count + " echoes", () -> rounds >= count);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(15_000);
        }
    }
}
