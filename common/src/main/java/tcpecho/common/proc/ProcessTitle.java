package tcpecho.common.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Process names as {@code ps}, {@code top} and {@code pgrep} show them.
 *
 * <p>Writing {@code /proc/self/comm} renames the whole process (at most 15 characters, which is why
 * the master is {@code tcp-echo[mastr]}); {@code prctl(PR_SET_NAME)} from Java would rename only the
 * calling thread. The args column shows argv[0], which the spawner sets separately.
 */
public final class ProcessTitle {
    public static final int MAX_COMM = 15;
    public static final String MASTER = "tcp-echo[mastr]";

    private ProcessTitle() {
    }

    public static String worker(int slot) {
        return "tcp-echo[wrk" + slot + "]";
    }

    /** Sets the process name; returns false where /proc is not writable (not Linux). */
    public static boolean set(String name) {
        String comm = name.length() > MAX_COMM ? name.substring(0, MAX_COMM) : name;
        try {
            Files.write(Path.of("/proc/self/comm"), comm.getBytes(StandardCharsets.US_ASCII));
            return true;
        } catch (IOException | UnsupportedOperationException notLinux) {
            return false;
        }
    }
}
