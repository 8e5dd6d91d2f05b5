package tcpecho.master.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tcpecho.master.net.ActivatedSockets;

/**
 * The environment of the master's children. The JVM cannot unset its own variables, so "unset
 * after reading" (sd_notify, sd_listen_fds) means: never passed on. A worker that inherited
 * NOTIFY_SOCKET could tell systemd it is ready or stopping on the master's behalf.
 */
public final class ChildEnvironment {
    static final Set<String> NOT_INHERITED = Set.of(ServiceNotices.NOTIFY_SOCKET, ServiceNotices.UPGRADE_SOCKET,
            ActivatedSockets.LISTEN_PID, ActivatedSockets.LISTEN_FDS, ActivatedSockets.LISTEN_FDNAMES);

    private ChildEnvironment() {
    }

    /** {@code NAME=value} entries: {@code env} without the master's own variables, plus {@code extra}. */
    public static List<String> of(Map<String, String> env, Map<String, String> extra) {
        List<String> entries = new ArrayList<>();
        env.forEach((name, value) -> {
            if (!NOT_INHERITED.contains(name) && !extra.containsKey(name)) {
                entries.add(name + "=" + value);
            }
        });
        extra.forEach((name, value) -> entries.add(name + "=" + value));
        return entries;
    }
}
