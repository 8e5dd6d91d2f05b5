package tcpecho.master.os;

import java.util.List;

/**
 * The few process calls the master needs that the JDK cannot make: spawning a child with chosen
 * file descriptors and argv[0], any signal to a pid, and reaping. Everything native sits behind
 * this interface (implemented by {@link JnrPosix}); supervision logic is tested with fakes.
 */
public interface Posix {

    /**
     * Starts {@code executable} with {@code argv} (argv[0] is the name ps shows) and {@code env}.
     * Each of {@code inherited} is placed on its target fd; stdin is /dev/null; stdout and stderr
     * are the master's; every other descriptor of the master is closed in the child.
     *
     * @return the child's pid
     */
    long spawn(String executable, List<String> argv, List<String> env, List<FdMapping> inherited) throws NativeException;

    /** Sends {@code signal} to {@code pid}. */
    void kill(long pid, int signal) throws NativeException;

    /** Reaps {@code pid} if it has exited; null while it is still running. */
    ExitStatus reap(long pid) throws NativeException;

    /**
     * Reaps any child that has exited, {@code waitpid(-1, WNOHANG)}: what PID 1 must do for the
     * orphans the kernel re-parents to it. Null when no child has exited (or there is none).
     */
    Reaped reapAny() throws NativeException;

    /** A child {@link #reapAny()} collected. */
    record Reaped(long pid, ExitStatus status) {
    }

    /** Pins {@code pid} (every thread it has now and starts later) to the one CPU {@code cpu}. */
    void pinToCpu(long pid, int cpu) throws NativeException;

    /** The kernel file descriptor behind a JDK socket channel (which the JDK does not expose). */
    int fdOf(java.nio.channels.Channel channel);

    /** A descriptor of the master that the child gets as {@code target}. */
    record FdMapping(int source, int target) {
    }
}
