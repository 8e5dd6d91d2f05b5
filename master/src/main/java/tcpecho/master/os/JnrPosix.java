package tcpecho.master.os;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import jnr.constants.platform.Errno;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.SpawnFileAction;
import tcpecho.common.net.SocketAdoption;

/** {@link Posix} over jnr-posix. Only the master loads it (it costs a JVM ~0.4 s and ~30 MB). */
public final class JnrPosix implements Posix {
    /* from fcntl.h */
    private static final int O_RDONLY = 0;
    /* from sys/wait.h */
    private static final int WNOHANG = 1;

    /** Completed by {@link #loadInBackground()}; untouched (and unused) when nothing called it. */
    private static final CompletableFuture<POSIX> LOADING = new CompletableFuture<>();
    private static volatile boolean loadingStarted;

    private final POSIX posix = loaded();
    private volatile Affinity affinity;

    /**
     * Loads jnr-posix (its classes and generated stubs: ~0.16 s of a master's start, before it
     * can spawn a worker) on a thread of its own, while the main thread parses the command line and
     * the config; the next {@code new JnrPosix()} waits for it. For a process that will be the master.
     */
    public static void loadInBackground() {
        loadingStarted = true;
        Thread loader = new Thread(() -> {
            try {
                LOADING.complete(POSIXFactory.getNativePOSIX());
            } catch (Throwable failed) {
                LOADING.completeExceptionally(failed);
            }
        }, "jnr-load");
        loader.setDaemon(true);
        loader.start();
    }

    private static POSIX loaded() {
        if (!loadingStarted) {
            return POSIXFactory.getNativePOSIX();
        }
        try {
            return LOADING.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw failed.getCause() instanceof RuntimeException unchecked ? unchecked : failed;
        }
    }

    @Override
    public long spawn(String executable, List<String> argv, List<String> env, List<FdMapping> inherited)
            throws NativeException {
        long pid = posix.posix_spawnp(executable, fileActions(inherited), argv, env);
        if (pid <= 0) {
            throw NativeException.failed("posix_spawnp(" + executable + ")", posix.errno());
        }
        return pid;
    }

    /**
     * The child must get exactly its listeners: JDK descriptors are not close-on-exec, and a
     * leaked control connection would keep a sibling from ever seeing the master's EOF. So every
     * open descriptor is closed except 0-2 and the targets. Sources are first parked above every
     * open fd, so a source that happens to equal another mapping's target is not overwritten.
     */
    private static List<SpawnFileAction> fileActions(List<FdMapping> inherited) {
        TreeSet<Integer> open = openDescriptors();
        int park = open.isEmpty() ? 3 : open.last() + 1;
        List<SpawnFileAction> actions = new ArrayList<>();
        actions.add(SpawnFileAction.open("/dev/null", 0, O_RDONLY, 0));
        for (int i = 0; i < inherited.size(); i++) {
            actions.add(SpawnFileAction.dup(inherited.get(i).source(), park + i));
        }
        Set<Integer> targets = new TreeSet<>();
        for (int i = 0; i < inherited.size(); i++) {
            int target = inherited.get(i).target();
            actions.add(SpawnFileAction.dup(park + i, target));
            actions.add(SpawnFileAction.close(park + i));
            targets.add(target);
        }
        for (int fd : open) {
            if (fd > 2 && !targets.contains(fd)) {
                actions.add(SpawnFileAction.close(fd));
            }
        }
        return actions;
    }

    private static TreeSet<Integer> openDescriptors() {
        TreeSet<Integer> fds = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path entry : entries) {
                fds.add(Integer.parseInt(entry.getFileName().toString()));
            }
        } catch (IOException | NumberFormatException unreadable) {
            // without /proc we cannot list descriptors; the child then inherits what it inherits
        }
        return fds;
    }

    @Override
    public void kill(long pid, int signal) throws NativeException {
        if (posix.kill(pid, signal) != 0) {
            throw NativeException.failed("kill(" + pid + ", " + signal + ")", posix.errno());
        }
    }

    @Override
    public ExitStatus reap(long pid) throws NativeException {
        int[] status = new int[1];
        long result = posix.waitpid(pid, status, WNOHANG);
        if (result == 0) {
            return null;
        }
        if (result < 0) {
            throw NativeException.failed("waitpid(" + pid + ", WNOHANG)", posix.errno());
        }
        return ExitStatus.fromWaitStatus(status[0]);
    }

    @Override
    public Reaped reapAny() throws NativeException {
        int[] status = new int[1];
        long pid = posix.waitpid(-1, status, WNOHANG);
        if (pid == 0) {
            return null;
        }
        if (pid < 0) {
            if (posix.errno() == Errno.ECHILD.intValue()) {
                return null;
            }
            throw NativeException.failed("waitpid(-1, WNOHANG)", posix.errno());
        }
        return new Reaped(pid, ExitStatus.fromWaitStatus(status[0]));
    }

    @Override
    public void pinToCpu(long pid, int cpu) throws NativeException {
        Affinity lib = affinity;
        if (lib == null) {
            lib = Affinity.load();
            affinity = lib;
        }
        // sched_setaffinity(pid) sets one thread's mask. The child may already be past exec and
        // starting JVM threads, which inherit the mask of the thread that creates them: so pin every
        // task, and look again until a pass finds no new one.
        Set<Long> pinned = new TreeSet<>();
        lib.pin(pid, cpu);
        pinned.add(pid);
        for (int pass = 0; pass < 10; pass++) {
            Set<Long> fresh = new TreeSet<>(tasksOf(pid));
            fresh.removeAll(pinned);
            if (fresh.isEmpty()) {
                return;
            }
            for (long tid : fresh) {
                try {
                    lib.pin(tid, cpu);
                } catch (NativeException gone) {
                    // a thread that ended meanwhile (ESRCH) needs no pinning
                }
                pinned.add(tid);
            }
        }
    }

    private static List<Long> tasksOf(long pid) {
        List<Long> tids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path entry : entries) {
                tids.add(Long.parseLong(entry.getFileName().toString()));
            }
        } catch (IOException | NumberFormatException unreadable) {
            // the process is gone, or there is no /proc: the main thread's pin is all we can do
        }
        return tids;
    }

    @Override
    public int fdOf(Channel channel) {
        return SocketAdoption.fdOf(channel);
    }
}
