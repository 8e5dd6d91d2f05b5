package tcpecho.master.supervisor;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.locks.Lock;
import java.util.function.LongSupplier;
import tcpecho.common.log.Log;
import tcpecho.common.wire.Upgraded;
import tcpecho.common.wire.ErrorReply;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.config.Settings;
import tcpecho.master.control.AlreadyRunningException;
import tcpecho.master.control.ControlConnection;
import tcpecho.master.os.NativeException;
import tcpecho.master.os.Posix;
import tcpecho.master.os.Signals;

/**
 * The live upgrade (SIGUSR2 and {@code upgrade}), NGINX's binary upgrade: this master lends its
 * control socket to a new master started from what is now on disk, hands it every listening
 * socket, and follows it ({@link Upgrade}) until it serves, when this master must stop, or fails,
 * when this master takes the socket back and keeps serving. Called only from the supervisor
 * thread, which decides first whether an upgrade may start.
 */
final class UpgradeFlow {
    /** What a new master may take beyond ready-timeout: its JVM start and config load (~1 s measured). */
    private static final Duration UPGRADE_START = Duration.ofSeconds(10);

    private final Posix posix;
    private final Lock descriptorLock;
    private final MasterCommand masterCommand;
    private final ControlSocket control;
    private final Listeners listeners;
    private final ServingGeneration serving;
    private final ServiceNotices notices;
    private final LongSupplier clock;
    private final Log log = Log.get();
    private Upgrade upgrade;

    /** {@code descriptorLock}: the write side, held around the spawn as for a worker, so no socket is accepted mid-spawn. */
    UpgradeFlow(Posix posix, Lock descriptorLock, MasterCommand masterCommand, ControlSocket control, Listeners listeners,
            ServingGeneration serving, ServiceNotices notices, LongSupplier clock) {
        this.posix = posix;
        this.descriptorLock = descriptorLock;
        this.masterCommand = masterCommand;
        this.control = control;
        this.listeners = listeners;
        this.serving = serving;
        this.notices = notices;
        this.clock = clock;
    }

    boolean inProgress() {
        return upgrade != null;
    }

    /**
     * Starts the new master. This one gives up its control socket first, because the new one must
     * bind the same path; {@code requester} (null for a signal) hears how the upgrade ended.
     * {@code metricsSocket} (null when metrics are off) goes with the listening sockets.
     */
    void start(ControlConnection requester, ServerSocketChannel metricsSocket) {
        long now = clock.getAsLong();
        control.lend();
        Settings settings = serving.settings();
        try {
            Path inbox = settings.controlSocket().resolveSibling("upgrade-" + ProcessHandle.current().pid() + ".sock");
            upgrade = Upgrade.start(posix, descriptorLock, masterCommand, listeners.active(), metricsSocket,
                    notices.systemdSocket(), inbox, now, settings.readyTimeout().plus(UPGRADE_START), requester);
        } catch (NativeException | IOException | RuntimeException failed) {
            takeBack("cannot start a new master: " + failed.getMessage(), requester);
            return;
        }
        log.info("upgrading: started new master pid " + upgrade.pid + " with " + String.join(", ", listeners.endpoints()));
        notices.status("upgrading: new master pid " + upgrade.pid + " starting");
    }

    /** Follows the new master: its pid once it serves (this master must then stop); empty while it starts or after it failed. */
    OptionalLong advance(long now) {
        switch (upgrade.poll(now)) {
            case PENDING -> { }
            case READY -> {
                Upgrade done = upgrade;
                upgrade = null;
                done.close();
                notices.handedOver(done.pid);
                log.info("upgrade complete: master pid " + done.pid + " serves; this master drains its workers and exits");
                if (done.requester != null) {
                    done.requester.send(new Upgraded(done.pid, ProcessHandle.current().pid()).encode());
                }
                return OptionalLong.of(done.pid);
            }
            case FAILED -> {
                Upgrade failed = upgrade;
                upgrade = null;
                failed.close();
                takeBack(failed.failure(), failed.requester);
            }
        }
        return OptionalLong.empty();
    }

    /** The master stops while a new one starts: the new one is killed before it serves. */
    void abortForStop() {
        if (upgrade == null) {
            return;
        }
        Upgrade aborted = upgrade;
        upgrade = null;
        aborted.close();
        try {
            posix.kill(aborted.pid, Signals.SIGKILL);
        } catch (NativeException gone) {
            log.warn(gone.getMessage());
        }
        log.warn("upgrade aborted: the master is stopping; new master pid " + aborted.pid + " killed");
        if (aborted.requester != null) {
            aborted.requester.send(new ErrorReply("upgrade aborted: the master is stopping").encode());
        }
    }

    /** The upgrade failed: this master takes its control socket and pid file back and keeps serving. */
    private void takeBack(String reason, ControlConnection requester) {
        String outcome = "upgrade failed, master pid " + ProcessHandle.current().pid() + " keeps serving: " + reason;
        try {
            control.takeBack(serving.settings());
        } catch (IOException | AlreadyRunningException broken) {
            outcome += "; but its control socket could not be restored: " + broken.getMessage();
        }
        log.error(outcome);
        notices.status(outcome);
        if (requester != null) {
            requester.send(new ErrorReply(outcome).encode());
        }
    }
}
