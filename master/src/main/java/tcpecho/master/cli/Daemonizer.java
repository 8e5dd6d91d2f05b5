package tcpecho.master.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcpecho.common.log.Plural;
import tcpecho.common.status.Status;
import tcpecho.config.Settings;
import tcpecho.master.control.AlreadyRunningException;
import tcpecho.master.control.ControlClient;
import tcpecho.master.control.NotRunningException;
import tcpecho.master.control.StatusJson;
import tcpecho.master.net.ActivatedSockets;
import tcpecho.master.net.ListenException;
import tcpecho.master.os.ExitStatus;
import tcpecho.master.os.NativeException;
import tcpecho.master.os.Posix;
import tcpecho.master.supervisor.ChildEnvironment;
import tcpecho.master.supervisor.MasterCommand;

/**
 * {@code start -d}: runs the same command again as a detached master (own session via setsid,
 * named {@code tcp-echo[mastr]}) and waits until every worker of that master accepts connections,
 * so a 0 exit means "serving", as init scripts and CI expect.
 *
 * <p>Under socket activation ({@code LISTEN_FDS} for this process) the activated sockets, this
 * process's fds 3.., are handed on to the detached master on the same fds, with {@code LISTEN_PID}
 * set to its pid: it serves them, and binds none beside them (which would fail while this process
 * holds them). The master is spawned with jnr-posix for that, as the JDK passes no fd beyond 2
 * (see {@link DetachedChild}).
 */
final class Daemonizer {
    private static final Duration EXTRA_WAIT = Duration.ofSeconds(10);
    /**
     * Shorter than other commands' polls: start -d returns this much after the last worker is ready,
     * on average half of it. A poll before the control socket exists is one stat; one after it is one
     * STATUS, while the workers start.
     */
    private static final long SERVING_POLL_MILLIS = 10;
    private final Settings settings;
    private final List<String> originalArgs;

    Daemonizer(Settings settings, List<String> originalArgs) {
        this.settings = settings;
        this.originalArgs = originalArgs;
    }

    int start() throws IOException {
        if (ControlClient.answers(settings.controlSocket())) {
            // The detached master would fail on this, but the master that answers status then
            // is the one already running: check first rather than report its workers as ours.
            System.err.println("tcp-echo-master: cannot start: "
                    + AlreadyRunningException.on(settings.controlSocket()).getMessage());
            return ExitCode.FAILURE;
        }
        Path output = outputFile();
        Files.createDirectories(output.toAbsolutePath().getParent());
        Map<String, String> env = System.getenv();
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(StartCommand.DAEMON_CHILD_ENV, "1");
        List<Posix.FdMapping> sockets;
        try {
            sockets = handOn(env, extra);
        } catch (ListenException invalid) {
            System.err.println("tcp-echo-master: cannot start: " + invalid.getMessage());
            return ExitCode.FAILURE;
        }
        // ChildEnvironment drops NOTIFY_SOCKET: systemd's Type=notify wants the master in the
        // foreground; its main process is this CLI, which exits, so a READY=1 from the detached
        // master would come from a stranger.
        List<String> argv = new ArrayList<>(MasterCommand.forThisInstallation(originalArgs).launch());
        argv.addAll(originalArgs);
        DetachedChild master;
        try {
            master = DetachedChild.start(argv, output, ChildEnvironment.of(env, extra), sockets);
        } catch (NativeException | IOException failed) {
            System.err.println("tcp-echo-master: cannot start the detached master: " + failed.getMessage());
            return ExitCode.FAILURE;
        }
        return awaitServing(master, output);
    }

    /** The activated sockets handed to this process, to place on the same fds in the master; adds their variables to {@code extra}. */
    private static List<Posix.FdMapping> handOn(Map<String, String> env, Map<String, String> extra) throws ListenException {
        int handed = ActivatedSockets.count(env, ProcessHandle.current().pid());
        List<Posix.FdMapping> sockets = new ArrayList<>();
        if (handed > 0) {
            extra.put(ActivatedSockets.LISTEN_FDS, Integer.toString(handed));
            if (env.containsKey(ActivatedSockets.LISTEN_FDNAMES)) {
                extra.put(ActivatedSockets.LISTEN_FDNAMES, env.get(ActivatedSockets.LISTEN_FDNAMES));
            }
            for (int fd = ActivatedSockets.FIRST_FD; fd < ActivatedSockets.FIRST_FD + handed; fd++) {
                sockets.add(new Posix.FdMapping(fd, fd));
            }
        }
        return sockets;
    }

    /** Without a log file the detached master's output goes next to its pid file, named after it. */
    private Path outputFile() {
        if (settings.logFile() != null) {
            return settings.logFile();
        }
        String pidName = settings.pidFile().getFileName().toString();
        return settings.pidFile().resolveSibling(pidName.replaceFirst("\\.pid$", "") + ".log");
    }

    /** Serving means: the master that answers status is the one we started, with all its workers ready. */
    private int awaitServing(DetachedChild master, Path output) {
        long pid = master.pid();
        long deadline = System.nanoTime() + settings.readyTimeout().plus(EXTRA_WAIT).toNanos();
        while (System.nanoTime() < deadline) {
            ExitStatus exit = master.exit();
            if (exit != null) {
                String how = exit.code() < 0 ? "" : " with " + exit;
                System.err.println("tcp-echo-master: the master exited" + how + " while starting; its log ("
                        + output + ") ends with:");
                tail(output).forEach(line -> System.err.println("  " + line));
                return ExitCode.FAILURE;
            }
            Status status = status();
            if (status != null && status.master().pid() == pid) {
                String failure = failedSlot(status);
                if (failure != null) {
                    System.err.println("tcp-echo-master: " + failure + "; stopping the master (log: " + output + ")");
                    master.terminate();
                    return ExitCode.FAILURE;
                }
                if (serving(status)) {
                    Status.Master info = status.master();
                    System.out.println("tcp-echo-master started: master pid " + pid + ", "
                            + Plural.count(info.workersWanted(), "worker") + " on " + StatusCommand.joined(info.listeners())
                            + ", log " + output);
                    return ExitCode.OK;
                }
            }
            Poll.pause(SERVING_POLL_MILLIS);
        }
        System.err.println("tcp-echo-master: workers not serving within " + settings.readyTimeout().plus(EXTRA_WAIT).toSeconds()
                + " s; stopping the master (log: " + output + ")");
        master.terminate();
        return ExitCode.FAILURE;
    }

    private Status status() {
        try {
            return StatusJson.request(settings.controlSocket(), Duration.ofSeconds(2));
        } catch (NotRunningException | IOException notYet) {
            return null;
        }
    }

    private static boolean serving(Status status) {
        long generation = status.master().generation();
        long ready = status.workers().stream().filter(w -> w.generation() == generation && w.ready()).count();
        return ready >= status.master().workersWanted();
    }

    private static String failedSlot(Status status) {
        for (Status.SlotDown slot : status.slotsDown()) {
            if (slot.failed()) {
                return "worker[" + slot.slot() + "] " + slot.reason();
            }
        }
        return null;
    }

    private static List<String> tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.subList(Math.max(0, lines.size() - 10), lines.size());
        } catch (IOException unreadable) {
            return List.of("(cannot read: " + unreadable.getMessage() + ")");
        }
    }
}
