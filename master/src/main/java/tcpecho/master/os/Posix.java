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

    /** Pins {@code pid} (every thread it has now and starts later) to the one CPU {@code cpu}. */
    void pinToCpu(long pid, int cpu) throws NativeException;

    /** The kernel file descriptor behind a JDK socket channel (which the JDK does not expose). */
    int fdOf(java.nio.channels.Channel channel);

    /** A descriptor of the master that the child gets as {@code target}. */
    record FdMapping(int source, int target) {
    }
}
