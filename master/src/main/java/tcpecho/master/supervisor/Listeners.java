package tcpecho.master.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.nio.channels.ServerSocketChannel;
import tcpecho.config.Settings;
import tcpecho.master.net.ActivatedSockets;
import tcpecho.master.net.ListenException;
import tcpecho.master.net.ListenerSpec;
import tcpecho.master.net.SocketPool;

/**
 * The socket pools of the current settings. A reload keeps a pool whose endpoint did not change
 * (so its queued connections carry over to the new generation) and opens pools for new endpoints;
 * pools no longer wanted are closed once the workers serving them are gone.
 */
final class Listeners implements AutoCloseable {
    private List<SocketPool> active = List.of();
    private final List<SocketPool> retired = new ArrayList<>();
    private final ActivatedSockets handedIn;

    /** {@code handedIn}: sockets from systemd or an upgrading master, used before binding new ones. */
    Listeners(ActivatedSockets handedIn) {
        this.handedIn = handedIn;
    }

    static List<ListenerSpec> specsOf(Settings settings) {
        return List.of(new ListenerSpec("echo", "echo", settings.bindAddress(), settings.port(), settings.backlog()));
    }

    List<SocketPool> active() {
        return active;
    }

    /** Pools for {@code settings} with at least {@code workers} sockets each; does not change {@link #active()}. */
    List<SocketPool> prepare(Settings settings, int workers) throws ListenException {
        List<SocketPool> next = new ArrayList<>();
        try {
            for (ListenerSpec spec : specsOf(settings)) {
                SocketPool pool = active.stream().filter(p -> p.spec().sameSocket(spec)).findFirst()
                        .orElseGet(() -> openOrInherit(spec));
                pool.ensure(workers);
                next.add(pool);
            }
        } catch (ListenException failed) {
            next.stream().filter(p -> !active.contains(p)).forEach(SocketPool::close);
            throw failed;
        }
        return next;
    }

    private SocketPool openOrInherit(ListenerSpec spec) {
        List<ServerSocketChannel> sockets = handedIn.claim(spec);
        return sockets.isEmpty() ? new SocketPool(spec) : SocketPool.inherited(spec, sockets);
    }

    /** Closes handed-in sockets that no listener claimed at start (each with a warning). */
    void closeUnclaimed() {
        handedIn.closeUnclaimed();
    }

    /** Makes {@code next} the active pools; the ones left out are retired until {@link #closeRetired()}. */
    void activate(List<SocketPool> next) {
        active.stream().filter(p -> !next.contains(p)).forEach(retired::add);
        active = List.copyOf(next);
    }

    /** Closes pools a failed reload opened and nobody will serve. */
    void discard(List<SocketPool> prepared) {
        prepared.stream().filter(p -> !active.contains(p)).forEach(SocketPool::close);
    }

    /** Closes retired pools: call when no worker of an older generation remains. */
    void closeRetired() {
        retired.forEach(SocketPool::close);
        retired.clear();
    }

    List<String> endpoints() {
        return active.stream().map(p -> p.spec().protocol() + " " + p.spec().endpoint()
                + (p.isInherited() ? " (inherited)" : "")).toList();
    }

    @Override
    public void close() {
        closeRetired();
        active.forEach(SocketPool::close);
        active = List.of();
    }
}
