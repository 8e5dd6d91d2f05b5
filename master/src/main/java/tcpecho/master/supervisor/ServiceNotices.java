package tcpecho.master.supervisor;

import java.util.Map;
import tcpecho.common.log.Plural;
import tcpecho.master.os.SdNotify;

/**
 * What the master tells its service manager through sd_notify: {@code READY=1} once every worker
 * serves, {@code RELOADING=1} (with {@code MONOTONIC_USEC}) and {@code READY=1} around a reload,
 * {@code STOPPING=1}, and a {@code STATUS=} line at each change. Sent from the supervisor thread
 * at state changes only.
 *
 * <p>During a live upgrade the new master's first {@code READY=1} goes to the old master instead
 * ({@value #UPGRADE_SOCKET}); the old one then tells systemd {@code MAINPID=} of the new one and
 * stops notifying, so systemd follows the service to its new main process.
 */
final class ServiceNotices {
    static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    static final String UPGRADE_SOCKET = "TCP_ECHO_UPGRADE_SOCKET";

    private SdNotify systemd;
    private SdNotify upgradeParent;
    private boolean ready;

    ServiceNotices(SdNotify systemd, SdNotify upgradeParent) {
        this.systemd = systemd;
        this.upgradeParent = upgradeParent;
    }

    static ServiceNotices fromEnvironment(Map<String, String> env) {
        return new ServiceNotices(SdNotify.to(env.get(NOTIFY_SOCKET)), SdNotify.to(env.get(UPGRADE_SOCKET)));
    }

    /** systemd's socket, which a new master started by an upgrade must notify once it takes over; or null. */
    String systemdSocket() {
        return systemd.address();
    }

    boolean announcedReady() {
        return ready;
    }

    /** Every worker of {@code generation} serves: the start, or a reload, is done. */
    void serving(int workers, long generation) {
        String status = "STATUS=serving " + Plural.count(workers, "worker") + ", generation " + generation;
        if (!ready && upgradeParent != SdNotify.NONE) {
            upgradeParent.send("READY=1", "MAINPID=" + ProcessHandle.current().pid(), status);
            upgradeParent.close();
            upgradeParent = SdNotify.NONE;
        } else {
            systemd.send("READY=1", status);
        }
        ready = true;
    }

    /** A reload starts; {@code monotonicNanos} is CLOCK_MONOTONIC, which systemd compares with its own. */
    void reloading(long monotonicNanos, long nextGeneration) {
        systemd.send("RELOADING=1", "MONOTONIC_USEC=" + monotonicNanos / 1000,
                "STATUS=reloading: starting generation " + nextGeneration);
    }

    /** A reload ended without a new generation: the old one keeps serving. */
    void reloadFailed(String reason, long generation) {
        systemd.send("READY=1", "STATUS=reload failed, generation " + generation + " keeps serving: " + oneLine(reason));
    }

    void stopping(String why) {
        systemd.send("STOPPING=1", "STATUS=stopping: " + oneLine(why));
    }

    void status(String text) {
        systemd.send("STATUS=" + oneLine(text));
    }

    /** The master could not start: says why to whoever waits for it (systemd, an upgrading master). */
    void startFailed(String reason) {
        String status = "STATUS=cannot start: " + oneLine(reason);
        upgradeParent.send(status);
        systemd.send(status);
    }

    /** A new master took over: systemd follows it, and this one sends nothing more. */
    void handedOver(long newMasterPid) {
        systemd.send("MAINPID=" + newMasterPid, "STATUS=upgraded: master pid " + newMasterPid + " serves; "
                + ProcessHandle.current().pid() + " drains");
        systemd.close();
        systemd = SdNotify.NONE;
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ');
    }
}
