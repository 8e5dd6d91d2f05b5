package tcpecho.master.supervisor;

import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.function.BiFunction;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.master.net.SocketPool;
import tcpecho.master.os.NativeException;
import tcpecho.master.os.Posix;

/** Starts one worker JVM with its share of every listener's sockets on fds 3, 4, ... */
final class Spawner {
    static final int FIRST_LISTENER_FD = 3;

    private final Posix posix;
    private final Lock descriptorLock;
    private final WorkerCommand command;

    Spawner(Posix posix, Lock descriptorLock, WorkerCommand command) {
        this.posix = posix;
        this.descriptorLock = descriptorLock;
        this.command = command;
    }

    /** Worker {@code slot} of {@code workerCount} serves every workerCount-th socket of each pool. */
    long spawn(int slot, int workerCount, List<SocketPool> pools,
            BiFunction<Integer, List<InheritedListener>, WorkerArgs> argsFor) throws NativeException {
        List<Posix.FdMapping> mappings = new ArrayList<>();
        List<InheritedListener> listeners = new ArrayList<>();
        int fd = FIRST_LISTENER_FD;
        for (SocketPool pool : pools) {
            for (ServerSocketChannel socket : pool.socketsFor(slot - 1, workerCount)) {
                mappings.add(new Posix.FdMapping(posix.fdOf(socket), fd));
                listeners.add(pool.describe(socket, fd));
                fd++;
            }
        }
        WorkerArgs args = argsFor.apply(slot, listeners);
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
            env.add(variable.getKey() + "=" + variable.getValue());
        }
        descriptorLock.lock();
        try {
            return posix.spawn(command.javaExecutable(), command.argv(args), env, mappings);
        } finally {
            descriptorLock.unlock();
        }
    }
}
