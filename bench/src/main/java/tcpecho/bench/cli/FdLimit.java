package tcpecho.bench.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** Checks the open-file limit before a run needs more descriptors than it allows. */
final class FdLimit {
    // The JVM, selectors and jars hold a few dozen descriptors before any connection.
    static final int RESERVED = 64;

    private FdLimit() {
    }

    /** Says why on stderr and returns true when the limit is too low for {@code connections}. */
    static boolean refuse(int connections, java.io.PrintWriter err) {
        String problem = problem(connections);
        if (problem != null) {
            err.println("tcp-echo-bench: " + problem);
        }
        return problem != null;
    }

    /** -1 when the platform does not tell. */
    static long max() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /**
     * A message saying the limit is too low for {@code connections}, or null when it is enough.
     * The JDK raises the soft limit to the hard one at start, so the hard limit is what counts.
     */
    static String problem(int connections) {
        long max = max();
        long needed = (long) connections + RESERVED;
        if (max < 0 || max >= needed) {
            return null;
        }
        return "the open-file limit is " + max + " but " + connections + " connections need about " + needed
                + " descriptors; raise it first, e.g. `ulimit -n " + Math.max(needed, 2 * connections) + "`"
                + " (as root or within the hard limit, `ulimit -Hn`)";
    }
}
