package tcpecho.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.Protocol;
import tcpecho.common.launch.ConnectionLimits;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.common.log.Level;
import tcpecho.common.log.LogFormat;
import tcpecho.common.launch.WorkerJvmOptions;
import tcpecho.common.wire.LineAssembler;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.MessageCodec;
import tcpecho.common.wire.Verb;

/**
 * The real worker JVM, started the way the master starts it: lean flags, listening sockets on
 * fd 3, 4, ..., a Unix control socket to connect to. ProcessBuilder passes no fd beyond 2, so a python3
 * one-liner creates the SO_REUSEPORT listener, prints its port, puts it on fd 3 and execs java
 * (the pid stays the same across exec, so HELLO's pid is the process's pid).
 */
final class SpawnedWorker implements AutoCloseable {
    /** The master's worker options, from the file the build copies next to the worker jars. */
    static final List<String> LEAN_FLAGS = WorkerJvmOptions.read(Path.of("src/main/dist"));
    /**
     * argv[1] lists the descriptors to create, comma-separated, for fds 3, 4, ...: "socket" (a TCP
     * SO_REUSEPORT listener), "udp" (a bound UDP socket) or "file" (not a socket). Prints their
     * ports on one line, places them, and execs argv[2:].
     */
    private static final String LAUNCHER = String.join("\n",
            "import os, resource, socket, sys",
            "if 'TEST_NOFILE' in os.environ:",
            "    n = int(os.environ.pop('TEST_NOFILE')); resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))",
            "keep = []; fds = []; ports = []",
            "for kind in sys.argv[1].split(','):",
            "    if kind == 'socket':",
            "        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
            "        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)",
            "        s.bind(('127.0.0.1', 0)); s.listen(511)",
            "    elif kind == 'udp':",
            "        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', 0))",
            "    else:",
            "        s = None",
            "    if s is None:",
            "        fds.append(os.open('/dev/null', os.O_RDONLY)); ports.append(0)",
            "    else:",
            "        keep.append(s); fds.append(s.fileno()); ports.append(s.getsockname()[1])",
            "for i, fd in enumerate(fds): os.dup2(fd, 100 + i)",
            "for i in range(len(fds)): os.dup2(100 + i, 3 + i); os.close(100 + i)",
            "print(' '.join(map(str, ports)), flush=True)",
            "os.execv(sys.argv[2], sys.argv[2:])");

    /**
     * One descriptor for the worker: its kind for the launcher and the listener the worker is told,
     * its options as the master's {@code ListenerOptionsCodec} writes them (key to value, before URL
     * encoding), so a test can also hand the worker options the master would never write.
     */
    record Listen(String kind, String protocol, String name, Map<String, String> options) {
        static Listen tcp(String protocol, String name) {
            return new Listen("socket", protocol, name, Map.of());
        }

        /** An echo-udp listener with the default guard and source rate. */
        static Listen udp(String name) {
            return new Listen("udp", Protocol.ECHO_UDP.label(), name, Map.of(
                    "udp-loop-guard", Boolean.toString(TestDefaults.UDP_LOOP_GUARD),
                    "udp-rate-per-source", TestDefaults.UDP_RATE_PER_SOURCE.toString()));
        }

        Listen with(Map<String, String> more) {
            return new Listen(kind, protocol, name, more);
        }

        /** The worker's {@code --listener} value for this listener on {@code fd}. */
        String encode(int fd) {
            StringJoiner pairs = new StringJoiner("&");
            new TreeMap<>(options).forEach((key, value) -> pairs.add(URLEncoder.encode(key, StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
            return fd + ":" + protocol + ":inet:" + name + (options.isEmpty() ? "" : ":" + pairs);
        }
    }

    final Process process;
    final int port;
    /** Each listener's port, in the order given; UDP ports are UDP. */
    final List<Integer> ports;
    final Path dir;
    private final ServerSocketChannel controlServer;
    private SocketChannel control;
    private final LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();
    private Thread gobbler;

    private SpawnedWorker(Process process, List<Integer> ports, Path dir, ServerSocketChannel controlServer) {
        this.process = process;
        this.ports = ports;
        this.port = ports.get(0);
        this.dir = dir;
        this.controlServer = controlServer;
    }

    /** Starts a worker in {@code slot}; {@code fd3} is "socket" for a real listener, "file" for a bad one. */
    static SpawnedWorker start(int slot, String fd3, long heartbeatMillis) throws IOException {
        return start(slot, fd3, heartbeatMillis, TestDefaults.CONNECTION_LIMITS);
    }

    static SpawnedWorker start(int slot, String fd3, long heartbeatMillis, ConnectionLimits limits)
            throws IOException {
        return start(slot, fd3, heartbeatMillis, limits, 0);
    }

    /**
     * @param maxFiles RLIMIT_NOFILE, soft and hard (the JVM raises the soft limit to the hard one at
     *                 start, -XX:+MaxFDLimit); 0 keeps ours
     */
    static SpawnedWorker start(int slot, String fd3, long heartbeatMillis, ConnectionLimits limits, int maxFiles)
            throws IOException {
        return start(slot, List.of(new Listen(fd3, "echo", "test", Map.of())), heartbeatMillis, limits, maxFiles);
    }

    /** A worker serving {@code listeners} on fds 3, 4, ... in that order. */
    static SpawnedWorker start(int slot, List<Listen> listeners, long heartbeatMillis, ConnectionLimits limits,
                               int maxFiles) throws IOException {
        Path dir = Files.createTempDirectory("worker-it");
        Path socket = dir.resolve("control.sock");
        ServerSocketChannel controlServer = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(socket));
        List<String> kinds = new ArrayList<>();
        List<String> listenerArgs = new ArrayList<>();
        for (Listen listen : listeners) {
            listenerArgs.addAll(List.of("--listener", listen.encode(3 + kinds.size())));
            kinds.add(listen.kind());
        }
        // The --listener values are this test's own text (see Listen), so the placeholder's are left out.
        WorkerArgs args = new WorkerArgs(slot, 7, socket, List.of(new InheritedListener(3, Protocol.ECHO, "inet", "x")),
                Level.INFO, null, heartbeatMillis, TestDefaults.MAX_UNSENT, limits, LogFormat.PLAIN,
                TestDefaults.UDP_RATE_PER_WORKER);
        List<String> command = new ArrayList<>(List.of("python3", "-c", LAUNCHER, String.join(",", kinds),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(LEAN_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerArgs.MAIN_CLASS));
        List<String> argv = args.toArgs();
        int placeholder = argv.indexOf("--listener");
        command.addAll(argv.subList(0, placeholder));
        command.addAll(argv.subList(placeholder + 2, argv.size()));
        command.addAll(listenerArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (maxFiles > 0) {
            builder.environment().put("TEST_NOFILE", Integer.toString(maxFiles));
        }
        Process process = builder.start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String portLine = stdout.readLine();
        if (portLine == null) {
            throw new IOException("the launcher exited before printing its ports");
        }
        List<Integer> ports = new ArrayList<>();
        for (String port : portLine.trim().split(" ")) {
            ports.add(Integer.parseInt(port));
        }
        SpawnedWorker worker = new SpawnedWorker(process, ports, dir, controlServer);
        worker.gobbler = new Thread(() -> worker.gobble(stdout), "worker-output");
        worker.gobbler.setDaemon(true);
        worker.gobbler.start();
        return worker;
    }

    /** Waits for the worker to connect, then reads its messages on a background thread. */
    void acceptControl(Duration timeout) throws Exception {
        control = CompletableFuture.supplyAsync(() -> {
            try {
                return controlServer.accept();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Thread reader = new Thread(this::readControl, "control-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next message matching {@code wanted}, skipping others; fails at the deadline. */
    Message await(Predicate<Message> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            long left = deadline - System.nanoTime();
            Message message = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
            if (message == null) {
                throw new AssertionError("no matching control message within " + timeout + "; worker output:\n" + output);
            }
            if (wanted.test(message)) {
                return message;
            }
        }
    }

    Message await(String verb) throws InterruptedException {
        return await(m -> m.is(verb), Duration.ofSeconds(10));
    }

    /**
     * The next heartbeat the worker sends from now on. One already queued, or in flight as this is
     * called, carries counters from before, so the queue is emptied and the first one after is skipped.
     */
    Message awaitFreshHeartbeat(Duration timeout) throws InterruptedException {
        received.clear();
        await(m -> m.is(Verb.HEARTBEAT), timeout);
        return await(m -> m.is(Verb.HEARTBEAT), timeout);
    }

    void send(Message message) throws IOException {
        control.write(ByteBuffer.wrap(MessageCodec.encode(message).getBytes(StandardCharsets.UTF_8)));
    }

    void closeControl() throws IOException {
        control.close();
    }

    SocketChannel connect() throws IOException {
        return connect(port);
    }

    static SocketChannel connect(int port) throws IOException {
        return SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Waits for a line of output containing {@code text}; fails with the output at the deadline. */
    String awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            for (String line : output.toString().split("\n")) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no output line containing '" + text + "' within " + timeout + "; output:\n" + output);
    }

    /** The exit code, failing if the worker is still running at the deadline. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("worker still running after " + timeout + "; output:\n" + output);
        }
        // The process has exited, but its last lines may still be in the pipe: read them all (EOF
        // comes once the exited process's end is closed) before anyone inspects the output.
        gobbler.join(timeout.toMillis());
        return process.exitValue();
    }

    String output() {
        return output.toString();
    }

    private void readControl() {
        LineAssembler lines = new LineAssembler();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            while (control.read(buffer.clear()) >= 0) {
                for (String line : lines.feed(buffer.flip())) {
                    received.add(MessageCodec.decode(line));
                }
            }
        } catch (Exception closed) {
            // the test closed the control connection or the worker exited
        }
    }

    private void gobble(BufferedReader stdout) {
        try {
            for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                output.append(line).append('\n');
            }
        } catch (IOException ended) {
            // the worker exited
        }
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        if (control != null) {
            control.close();
        }
        controlServer.close();
        Files.deleteIfExists(dir.resolve("control.sock"));
        Files.deleteIfExists(dir);
    }
}
