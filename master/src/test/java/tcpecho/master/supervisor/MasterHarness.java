package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import tcpecho.common.log.Log;
import tcpecho.common.wire.ErrorReply;
import tcpecho.common.wire.Hello;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.config.Keys;
import tcpecho.config.ListenFlags;
import tcpecho.config.SettingsLoader;
import tcpecho.master.os.ExitStatus;

/**
 * A master driven turn by turn from a test: the real supervisor, flows, listeners and control
 * socket, built by {@link SupervisorWiring} with a {@link FakePosix} (spawns get pids 1000, 1001,
 * ... in order) and a {@link FakeClock}. Workers and CLI clients are {@link Peer}s on its control
 * socket; the log goes to a file, which the tests read as an operator would.
 */
final class MasterHarness implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(5);
    static final long FIRST_PID = 1000;
    /** Real time a round trip over the control socket may take on a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    final FakePosix posix = new FakePosix();
    final FakeClock clock = new FakeClock();
    final Supervisor supervisor;
    private final Path dir;
    private final Path controlSocket;
    private final List<Peer> peers = new ArrayList<>();
    private final List<Peer> generationOne = new ArrayList<>();

    /** Starts a master with {@code workers} workers and one echo listener on a free loopback port. */
    MasterHarness(Path dir, int workers) throws Exception {
        this.dir = dir;
        this.controlSocket = dir.resolve("c.sock");
        Log.get().setFile(dir.resolve("master.log"));
        Map<String, String> flags = Map.of(Keys.WORKERS, Integer.toString(workers),
                Keys.CONTROL_SOCKET, controlSocket.toString(), Keys.PID_FILE, dir.resolve("m.pid").toString(),
                Keys.READY_TIMEOUT, READY_TIMEOUT.toSeconds() + "s", Keys.DRAIN_TIMEOUT, "30s");
        ListenFlags listen = new ListenFlags(List.of("echo:127.0.0.1:" + freePort()), false);
        SettingsLoader loader = new SettingsLoader(Map.of(), 2, () -> dir);
        ConfigSource config = overrides -> {
            Map<String, String> all = new HashMap<>(flags);
            all.putAll(overrides);
            return loader.load(null, all, listen);
        };
        supervisor = SupervisorWiring.build(config, config.load(Map.of()), posix,
                new WorkerCommand("java", ArgFile.of(dir, "worker", List.of())), clock,
                new MasterCommand(List.of("/bin/false"), List.of()), Map.of());
        supervisor.start();
    }

    /** A master whose first generation, {@code workers} workers with pids 1000, 1001, ..., all serve. */
    static MasterHarness serving(Path dir, int workers) throws Exception {
        MasterHarness master = new MasterHarness(dir, workers);
        for (int n = 0; n < workers; n++) {
            master.generationOne.add(master.ready(pid(n), 1));
        }
        return master;
    }

    /** The control connection of the worker of generation 1 in {@code slot}, as {@link #serving} started it. */
    Peer generationOne(int slot) {
        return generationOne.get(slot - 1);
    }

    /** The pid the {@code n}-th spawn (0-based, workers and new masters alike) was given. */
    static long pid(int n) {
        return FIRST_PID + n;
    }

    int spawns() {
        return posix.spawns.size();
    }

    /** Worker {@code pid} of {@code generation} says HELLO and READY, and the master has taken it. */
    Peer ready(long pid, long generation) throws IOException {
        Peer worker = connect();
        // The master binds a HELLO by pid and generation; the slot it carries is not checked.
        worker.send(new Hello(0, generation, pid).encode());
        worker.send(Message.of(Verb.READY));
        turnUntil("pid " + pid + " ready", () -> log().contains(" pid " + pid + " ready (generation " + generation + ","));
        return worker;
    }

    /** A CLI client that has sent {@code request}. */
    Peer request(Message request) throws IOException {
        return connect().send(request);
    }

    /**
     * Returns once the master has handled everything {@code client} sent so far: the control server
     * reads a connection's lines in order, so the answer to a STATUS sent now comes after them.
     * Not for a worker's connection: the master answers no STATUS there.
     */
    void handled(Peer client) {
        int before = client.received().size();
        client.send(Message.of(Verb.STATUS));
        turnUntil("the master's answer to STATUS", () -> client.received().size() > before);
        client.forgetLast();
    }

    /** The first reply {@code client} got, turning the loop until it comes. */
    Message reply(Peer client) {
        turnUntil("a reply", () -> !client.received().isEmpty());
        return client.received().get(0);
    }

    /** {@code ERROR message=...} as the CLI prints it, or the verb and fields of any other reply. */
    static String text(Message reply) {
        return reply.is(Verb.ERROR) ? "ERROR " + ErrorReply.decode(reply).message() : reply.toString();
    }

    JsonObject status() throws IOException {
        try (Peer client = connect()) {
            return JsonParser.parseString(reply(client.send(Message.of(Verb.STATUS))).get("status")).getAsJsonObject();
        }
    }

    long servingGeneration() throws IOException {
        return status().getAsJsonObject("master").get("generation").getAsLong();
    }

    /** The reaper finds {@code pid} exited with {@code code} at the next turn. */
    void exits(long pid, int code) {
        posix.exit(pid, ExitStatus.exited(code));
        turn();
    }

    /** One turn of the loop: queued events, then housekeeping at the fake clock's time. */
    void turn() {
        supervisor.turn(10);
    }

    void turnUntil(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not seen within " + PATIENCE.toSeconds() + " s: " + what);
            }
            supervisor.turn(10);
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("master.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Peer connect() throws IOException {
        Peer peer = Peer.connect(controlSocket);
        peers.add(peer);
        return peer;
    }

    @Override
    public void close() throws IOException {
        for (Peer peer : peers) {
            peer.close();
        }
        supervisor.shutdown();
        Log.get().setFile(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
