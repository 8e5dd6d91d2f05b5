package tcpecho.bench.cli;

import java.lang.management.ManagementFactory;

/**
 * This process's CPU time (user + system, all threads). On loopback the kernel runs much of the
 * receive path in the receiver's context, so a server's CPU per byte depends on its client's work:
 * bench/driver.py adds this figure, taken over the load's own window (the client JVM's start left
 * out), to the server's to get the machine's CPU per echoed byte.
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** Nanoseconds of CPU used so far, or 0 where the JVM does not report it. */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}
