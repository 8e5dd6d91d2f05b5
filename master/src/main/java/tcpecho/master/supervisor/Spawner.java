package tcpecho.master.supervisor;

import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.OptionalInt;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.listener.ClientLimits;
import tcpecho.common.listener.ListenerOptions;
import tcpecho.common.log.Log;
import tcpecho.config.Settings;
import tcpecho.master.os.NativeException;
import tcpecho.master.os.Posix;

/** Starts one worker JVM with its share of every listener's sockets on fds 3, 4, ... */
final class Spawner {
    static final int FIRST_LISTENER_FD = 3;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final Posix posix;
    private final Lock descriptorLock;
    private final WorkerCommand command;
    private final RunTimeFaults faults;

    Spawner(Posix posix, Lock descriptorLock, WorkerCommand command, RunTimeFaults faults) {
        this.faults = faults;
        this.posix = posix;
        this.descriptorLock = descriptorLock;
        this.command = command;
    }

    /**
     * Worker {@code slot} of {@code workerCount} in {@code generation}, configured by {@code settings},
     * serves every workerCount-th socket of each listener's pool.
     */
    long spawn(int slot, int workerCount, List<ListenerBinding> listenerBindings, Settings settings, long generation)
            throws NativeException, IOException {
        List<Posix.FdMapping> mappings = new ArrayList<>();
        List<InheritedListener> listeners = new ArrayList<>();
        int fd = FIRST_LISTENER_FD;
        for (ListenerBinding binding : listenerBindings) {
            for (NetworkChannel socket : binding.pool().socketsFor(slot - 1, workerCount)) {
                mappings.add(new Posix.FdMapping(posix.fdOf(socket), fd));
                listeners.add(sharedBy(binding.pool().describe(socket, fd, binding.spec()), workerCount));
                fd++;
            }
        }
        List<InheritedListener> faulted = new ArrayList<>();
        listeners.forEach(l -> faulted.add(faults.forSpawn(l)));
        List<String> env = ChildEnvironment.of(System.getenv(), Map.of());
        List<String> argv = command.argv(slot, WorkerArgsFactory.argv(settings, slot, generation, faulted),
                TlsWorkerJvm.options(settings));
        long pid;
        descriptorLock.lock();
        try {
            pid = posix.spawn(command.javaExecutable(), argv, env, mappings);
        } finally {
            descriptorLock.unlock();
        }
        faults.spawned(pid, listeners);
        pin(slot, pid, settings.workerCpuAffinity().cpuFor(slot, CORES));
        return pid;
    }

    /**
     * A listener with per-client limits learns how many workers share them: each worker enforces its
     * share (see ClientLimits), as the kernel spreads one address's connections over the workers.
     */
    static InheritedListener sharedBy(InheritedListener listener, int workerCount) {
        ClientLimits limits = listener.options().tcp().perClient();
        if (limits.isOff()) {
            return listener;
        }
        ListenerOptions options = listener.options();
        return listener.withOptions(options.withTcp(options.tcp().withPerClient(limits.sharedBy(workerCount))));
    }

    /**
     * Pins from the master, as NGINX's worker_cpu_affinity does from the worker: the worker JVM stays
     * free of native code. Posix pins every thread the child has by then, and later ones inherit the
     * mask. A failed pin leaves the worker serving, unpinned.
     */
    private void pin(int slot, long pid, OptionalInt cpu) {
        if (cpu.isEmpty()) {
            return;
        }
        try {
            posix.pinToCpu(pid, cpu.getAsInt());
            Log.get().debug("worker[" + slot + "] pid " + pid + " pinned to CPU " + cpu.getAsInt());
        } catch (NativeException | RuntimeException e) {
            Log.get().warn("worker[" + slot + "] pid " + pid + " runs unpinned: " + e.getMessage());
        }
    }
}
