package tcpecho.master.supervisor;

import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import tcpecho.common.log.Log;
import tcpecho.master.control.ControlConnection;
import tcpecho.master.net.ActivatedSockets;
import tcpecho.master.os.ExitStatus;
import tcpecho.master.os.NativeException;
import tcpecho.master.os.Posix;
import tcpecho.master.os.Signals;
import tcpecho.master.os.UnixDatagram;

/**
 * A live upgrade in progress (NGINX's USR2): a new master, started from what is now on disk,
 * with every listening socket of this one (the metrics endpoint's last) on fds 3.. ({@code LISTEN_FDS}) and a datagram socket of
 * ours to send its {@code READY=1} to. Its READY means it serves; its exit, or silence until the
 * deadline (then it is killed), means it failed and this master keeps serving.
 */
final class Upgrade {
    enum Outcome { PENDING, READY, FAILED }

    final long pid;
    final ControlConnection requester;
    private final long deadline;
    private final long timeoutSeconds;
    private final UnixDatagram inbox;
    private final Path inboxPath;
    private final Posix posix;
    private String lastStatus;
    private String failure;
    private boolean ready;

    private Upgrade(long pid, ControlConnection requester, long now, Duration timeout, UnixDatagram inbox, Path inboxPath,
            Posix posix) {
        this.pid = pid;
        this.requester = requester;
        this.deadline = now + timeout.toNanos();
        this.timeoutSeconds = timeout.toSeconds();
        this.inbox = inbox;
        this.inboxPath = inboxPath;
        this.posix = posix;
    }

    /** Spawns the new master; {@code systemdSocket} (or null) is where it notifies once it has taken over. */
    static Upgrade start(Posix posix, Lock descriptorLock, MasterCommand command, List<ListenerBinding> listeners,
            ServerSocketChannel metricsSocket, String systemdSocket, Path inboxPath, long now, Duration timeout, ControlConnection requester)
            throws NativeException, IOException {
        Files.deleteIfExists(inboxPath);
        UnixDatagram inbox = UnixDatagram.bind(inboxPath.toString());
        try {
            List<Posix.FdMapping> mappings = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (ListenerBinding listener : listeners) {
                for (NetworkChannel socket : listener.pool().sockets()) {
                    mappings.add(new Posix.FdMapping(posix.fdOf(socket), ActivatedSockets.FIRST_FD + mappings.size()));
                    names.add(listener.spec().name());
                }
            }
            if (metricsSocket != null) {
                mappings.add(new Posix.FdMapping(posix.fdOf(metricsSocket), ActivatedSockets.FIRST_FD + mappings.size()));
                names.add("metrics");
            }
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put(ActivatedSockets.LISTEN_FDS, Integer.toString(mappings.size()));
            extra.put(ActivatedSockets.LISTEN_FDNAMES, String.join(":", names));
            extra.put(ServiceNotices.UPGRADE_SOCKET, inboxPath.toString());
            if (systemdSocket != null) {
                extra.put(ServiceNotices.NOTIFY_SOCKET, systemdSocket);
            }
            long pid;
            descriptorLock.lock();
            try {
                pid = posix.spawn(MasterCommand.EXECUTABLE, command.argv(), ChildEnvironment.of(System.getenv(), extra), mappings);
            } finally {
                descriptorLock.unlock();
            }
            return new Upgrade(pid, requester, now, timeout, inbox, inboxPath, posix);
        } catch (NativeException | RuntimeException failed) {
            inbox.close();
            Files.deleteIfExists(inboxPath);
            throw failed;
        }
    }

    /** Reads what the new master said, reaps it if it exited, enforces the deadline. */
    Outcome poll(long now) {
        readInbox();
        if (ready) {
            return Outcome.READY;
        }
        ExitStatus exit = reap();
        if (exit != null) {
            if (failure == null) {
                failure = "the new master pid " + pid + " exited with " + exit + " before it was ready";
            }
            if (lastStatus != null) {
                failure += " (" + lastStatus + ")";
            }
            return Outcome.FAILED;
        }
        if (failure == null && now > deadline) {
            failure = "the new master pid " + pid + " was not ready within " + timeoutSeconds + " s (killed it)";
            // Killed outright: it never served. Its workers follow it (control connection EOF);
            // the sockets stay open here, so nothing queued on them is lost.
            try {
                posix.kill(pid, Signals.SIGKILL);
            } catch (NativeException gone) {
                Log.get().warn(gone.getMessage());
            }
        }
        return Outcome.PENDING;
    }

    String failure() {
        return failure;
    }

    private void readInbox() {
        try {
            for (String datagram = inbox.receive(); datagram != null; datagram = inbox.receive()) {
                for (String line : datagram.split("\n")) {
                    if (line.equals("READY=1") && failure == null) {
                        ready = true;
                    } else if (line.startsWith("STATUS=")) {
                        lastStatus = line.substring("STATUS=".length());
                    }
                }
            }
        } catch (NativeException failed) {
            Log.get().warn("upgrade: " + failed.getMessage());
        }
    }

    private ExitStatus reap() {
        try {
            return posix.reap(pid);
        } catch (NativeException failed) {
            return ExitStatus.unknown();
        }
    }

    /** Releases the notify socket. */
    void close() {
        inbox.close();
        try {
            Files.deleteIfExists(inboxPath);
        } catch (IOException failed) {
            Log.get().warn("cannot remove " + inboxPath + ": " + failed.getMessage());
        }
    }
}
