package tcpecho.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the OS says about a pid, read from /proc as ps does. */
final class Pids {
    private Pids() {
    }

    /**
     * Whether {@code pid} has exited. A zombie counts as exited: the JDK calls it alive, but its
     * sockets are closed and an orphan stays a zombie until PID 1 gets round to reaping it.
     */
    static boolean gone(long pid) {
        Optional<String> stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat.isEmpty()) {
            return true;
        }
        String text = stat.get();
        char state = text.charAt(text.lastIndexOf(')') + 2);
        return state == 'Z' || state == 'X';
    }

    /** The process name in /proc/PID/comm (what ps -o comm shows), or empty once it is gone. */
    static Optional<String> comm(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "comm")).map(String::strip);
    }

    /** Sends {@code signal} (e.g. "KILL", "HUP") with kill(1), as an operator would. */
    static void signal(long pid, String signal) {
        Cli.Result result = Cli.run(java.util.List.of("kill", "-s", signal, Long.toString(pid)));
        if (result.code() != 0) {
            throw new AssertionError("kill -s " + signal + " " + pid + " failed: " + result);
        }
    }

    /** SIGKILLs {@code pid} if it still runs one of our processes (a reused pid is left alone). */
    static void killIfOurs(long pid) {
        if (!gone(pid) && comm(pid).map(name -> name.startsWith("tcp-echo[")).orElse(false)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }
}
