package tcpecho.it;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real master started by bin/tcp-echo-master on a free port, with its control socket, pid
 * file and log in a private directory under /tmp (a Unix socket path must stay under 108 bytes).
 * {@link #close()} stops it and SIGKILLs, by pid, the master and every worker it was seen with.
 */
final class MasterProcess implements AutoCloseable {
    static final Path HOME = findHome();
    static final Path BIN = HOME.resolve("bin/tcp-echo-master");
    static final int WORKERS = 2;
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "status-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    final Path dir;
    final int port;
    final Path controlSocket;
    final Path pidFile;
    final Path logFile;
    final Path output;
    private Process process;
    private long pid = -1;
    private final Set<Long> seenPids = new LinkedHashSet<>();
    /**
     * Masters not closed yet. If the test JVM is stopped before its tests clean up (Ctrl-C on Maven,
     * a CI timeout), the shutdown hook kills them by pid, so no master outlives the run.
     */
    private static final Set<MasterProcess> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(MasterProcess::killNow), "kill-masters"));
    }
    /** Extra environment for the master, e.g. NOTIFY_SOCKET. */
    final Map<String, String> env = new HashMap<>();
    /** A command that execs the rest of the command line (so the master keeps its pid), e.g. to pass LISTEN_FDS. */
    final List<String> wrapper = new ArrayList<>();

    MasterProcess() {
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "it-");
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        port = freePort();
        OPEN.add(this);
        controlSocket = dir.resolve("ctl.sock");
        pidFile = dir.resolve("m.pid");
        logFile = dir.resolve("m.log");
        output = dir.resolve("out.txt");
    }

    /** The start command line for this master, followed by {@code extra}. */
    List<String> startArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of("start", "-p", Integer.toString(port), "-b", "127.0.0.1",
                "-w", Integer.toString(WORKERS), "--control-socket", controlSocket.toString(),
                "--pid-file", pidFile.toString(), "--log-file", logFile.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** Starts the master in the foreground (as a child of this JVM) and waits until its workers serve. */
    MasterProcess start(String... extra) {
        launch(startArgs(extra));
        awaitServing(1);
        return this;
    }

    /** Starts {@code bin/tcp-echo-master args...} as this master's process; does not wait. */
    Process launch(List<String> args) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(BIN.toString());
        command.addAll(args);
        try {
            // bin/tcp-echo-master execs java, so the pid of this process is the master's pid.
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            process = builder.directory(HOME.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .redirectErrorStream(true).start();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        pid = process.pid();
        return process;
    }

    /** Records the pid of a master this object did not start itself (start -d). */
    void adopt(long masterPid) {
        pid = masterPid;
    }

    long pid() {
        return pid;
    }

    Process process() {
        return process;
    }

    /** Waits until {@link #WORKERS} workers of {@code generation} are ready; returns that status. */
    JsonObject awaitServing(long generation) {
        return Poll.until(START_TIMEOUT, WORKERS + " ready workers of generation " + generation, () -> {
            if (process != null && !process.isAlive()) {
                throw new AssertionError("the master exited with code " + process.exitValue() + " while starting");
            }
            JsonObject status = statusOrNull();
            if (status == null || status.getAsJsonObject("master").get("generation").getAsLong() != generation) {
                return null;
            }
            long ready = workers(status).stream().filter(w -> w.get("generation").getAsLong() == generation
                    && w.get("state").getAsString().equals("ready")).count();
            return ready == WORKERS && workers(status).size() == WORKERS ? status : null;
        });
    }

    /** The pids of the workers in the current status, by slot order. */
    List<Long> workerPids() {
        return workers(status()).stream().map(w -> w.get("pid").getAsLong()).toList();
    }

    static List<JsonObject> workers(JsonObject status) {
        List<JsonObject> list = new ArrayList<>();
        for (JsonElement element : status.getAsJsonArray("workers")) {
            list.add(element.getAsJsonObject());
        }
        list.sort(Comparator.comparingLong(w -> w.get("slot").getAsLong()));
        return list;
    }

    JsonObject status() {
        JsonObject status = statusOrNull();
        if (status == null) {
            throw new AssertionError("the master does not answer on " + controlSocket);
        }
        return status;
    }

    /**
     * The master's status over its control socket, or null if nothing answers. This speaks the
     * STATUS request directly instead of running {@code status --json} (a JVM start each time)
     * so that polling is fast; StatusIT checks that the CLI prints the same document.
     */
    JsonObject statusOrNull() {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(controlSocket));
            // A Unix channel has no read timeout: a master that never answers gets its line closed.
            WATCHDOG.schedule(() -> closeQuietly(channel), 5, TimeUnit.SECONDS);
            channel.write(ByteBuffer.wrap("STATUS\n".getBytes(StandardCharsets.US_ASCII)));
            String line = readLine(channel);
            if (line == null || !line.startsWith("OK status=")) {
                return null;
            }
            String json = URLDecoder.decode(line.substring("OK status=".length()), StandardCharsets.UTF_8);
            JsonObject status = JsonParser.parseString(json).getAsJsonObject();
            workers(status).forEach(w -> remember(w.get("pid").getAsLong()));
            return status;
        } catch (IOException notAnswering) {
            return null;
        }
    }

    private static String readLine(SocketChannel channel) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (true) {
            if (channel.read(buffer.clear()) < 0) {
                return null;
            }
            String chunk = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            int newline = chunk.indexOf('\n');
            if (newline >= 0) {
                return line.append(chunk, 0, newline).toString();
            }
            line.append(chunk);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private synchronized void remember(long workerPid) {
        seenPids.add(workerPid);
    }

    /** bin/tcp-echo-master {@code args...} --control-socket (this master's). */
    Cli.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--control-socket", controlSocket.toString()));
        return Cli.master(all.toArray(String[]::new));
    }

    String log() {
        StringBuilder text = new StringBuilder();
        for (Path file : List.of(logFile, output)) {
            try {
                if (Files.exists(file)) {
                    text.append("--- ").append(file).append(":\n").append(Files.readString(file));
                }
            } catch (IOException unreadable) {
                text.append("--- ").append(file).append(": ").append(unreadable).append('\n');
            }
        }
        return text.toString();
    }

    /** Whether 127.0.0.1:port can be bound, i.e. no listening socket of ours holds it any more. */
    boolean portIsFree() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** SIGKILL to the master and every worker seen, by pid; for the shutdown hook, which cannot wait. */
    private void killNow() {
        List<Long> pids = new ArrayList<>();
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(master -> master.children().forEach(child -> pids.add(child.pid())));
            pids.add(pid);
        }
        synchronized (this) {
            pids.addAll(seenPids);
        }
        pids.forEach(Pids::killIfOurs);
    }

    @Override
    public void close() {
        OPEN.remove(this);
        List<Long> pids = new ArrayList<>();
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(master -> master.children().forEach(child -> remember(child.pid())));
            if (!Pids.gone(pid)) {
                cli("stop", "--fast", "--timeout", "0");
            }
            pids.add(pid);
        }
        synchronized (this) {
            pids.addAll(seenPids);
        }
        pids.forEach(Pids::killIfOurs);
        if (process != null) {
            process.destroyForcibly();
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // a leftover directory under /tmp is harmless
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private static Path findHome() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/tcp-echo-master"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no bin/tcp-echo-master above " + Path.of("").toAbsolutePath());
    }
}
