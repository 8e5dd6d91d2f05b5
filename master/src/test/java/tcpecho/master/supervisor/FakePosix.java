package tcpecho.master.supervisor;

import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tcpecho.master.os.ExitStatus;
import tcpecho.master.os.NativeException;
import tcpecho.master.os.Posix;

/** Records kills and spawns; {@link #reap} returns what the test scripted with {@link #exit}. */
final class FakePosix implements Posix {
    record Kill(long pid, int signal) {
    }

    final List<Kill> kills = new ArrayList<>();
    final List<List<String>> spawns = new ArrayList<>();
    private final Map<Long, ExitStatus> exits = new HashMap<>();
    private final Set<Long> failingReaps = new HashSet<>();
    private final List<Reaped> orphans = new ArrayList<>();
    private long nextPid = 1000;

    /** The next reap of {@code pid} reports that it exited with {@code status}. */
    void exit(long pid, ExitStatus status) {
        exits.put(pid, status);
    }

    /** Reaping {@code pid} fails as waitpid does with ECHILD. */
    void failReap(long pid) {
        failingReaps.add(pid);
    }

    @Override
    public long spawn(String executable, List<String> argv, List<String> env, List<FdMapping> inherited) {
        spawns.add(argv);
        return nextPid++;
    }

    @Override
    public void pinToCpu(long pid, int cpu) {
        // pinning is not part of the supervision decisions these tests cover
    }

    @Override
    public void kill(long pid, int signal) {
        kills.add(new Kill(pid, signal));
    }

    @Override
    public ExitStatus reap(long pid) throws NativeException {
        if (failingReaps.contains(pid)) {
            throw new NativeException("waitpid(" + pid + ", WNOHANG) failed: ECHILD (No child processes)");
        }
        return exits.remove(pid);
    }

    /** The next {@link #reapAny()} returns {@code pid}, a child no worker record knows (an orphan). */
    void orphanExited(long pid, ExitStatus status) {
        orphans.add(new Reaped(pid, status));
    }

    @Override
    public Reaped reapAny() {
        if (!orphans.isEmpty()) {
            return orphans.remove(0);
        }
        for (Map.Entry<Long, ExitStatus> exit : exits.entrySet()) {
            exits.remove(exit.getKey());
            return new Reaped(exit.getKey(), exit.getValue());
        }
        return null;
    }

    @Override
    public int fdOf(Channel channel) {
        return -1;
    }
}
