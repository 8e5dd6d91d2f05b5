package tcpecho.master.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import tcpecho.config.Settings;
import tcpecho.master.net.ActivatedSockets;
import tcpecho.master.net.ListenException;
import tcpecho.master.net.ListenerSpec;
import tcpecho.master.net.SocketPool;

/**
 * The listeners of the current settings and their socket pools. A reload keeps a pool whose socket
 * did not change (same transport, address, port, backlog), even when the protocol or its options
 * did, so its queued connections carry over to the new generation; it opens pools for new sockets;
 * pools no longer wanted are closed once the workers serving them are gone.
 */
final class Listeners implements AutoCloseable {
    private List<ListenerBinding> active = List.of();
    private final List<SocketPool> retired = new ArrayList<>();
    private final HandedIn source;
    /** Null until the first {@link #prepare}, which takes the handed-in sockets over. */
    private ActivatedSockets handedIn;

    /** Sockets from systemd or an upgrading master, used before binding new ones. */
    @FunctionalInterface
    interface HandedIn {
        ActivatedSockets take() throws ListenException;
    }

    /** {@code handedIn}: sockets from systemd or an upgrading master, used before binding new ones. */
    Listeners(ActivatedSockets handedIn) {
        this(() -> handedIn);
    }

    /** {@code source}: asked once, at the first {@link #prepare}, that is when the master starts serving. */
    Listeners(HandedIn source) {
        this.source = source;
    }

    static List<ListenerSpec> specsOf(Settings settings) {
        return settings.listeners().stream().map(l -> ListenerSpec.of(l, settings.backlog())).toList();
    }

    List<ListenerBinding> active() {
        return active;
    }

    /** Bindings for {@code settings} with at least {@code workers} sockets each; does not change {@link #active()}. */
    List<ListenerBinding> prepare(Settings settings, int workers) throws ListenException {
        if (handedIn == null) {
            handedIn = source.take();
        }
        List<ListenerBinding> next = new ArrayList<>();
        try {
            for (ListenerSpec spec : specsOf(settings)) {
                SocketPool pool = activePool(spec).orElseGet(() -> openOrInherit(spec));
                next.add(new ListenerBinding(spec, pool));
                try {
                    pool.ensure(workers);
                } catch (ListenException failed) {
                    throw handedIn.explain(spec, failed);
                }
            }
        } catch (ListenException failed) {
            discard(next);
            throw failed;
        }
        return next;
    }

    /** The handed-in listening TCP socket bound to exactly {@code at} (the metrics endpoint's), or null. */
    ServerSocketChannel claimStream(InetSocketAddress at) throws ListenException {
        if (handedIn == null) {
            handedIn = source.take();
        }
        return handedIn.claimStream(at);
    }

    private SocketPool openOrInherit(ListenerSpec spec) {
        List<NetworkChannel> sockets = handedIn.claim(spec);
        return sockets.isEmpty() ? new SocketPool(spec) : SocketPool.inherited(spec, sockets, handedIn::datagramFamily);
    }

    /** Closes handed-in sockets that no listener claimed at start (each with a warning). */
    void closeUnclaimed() {
        if (handedIn != null) {
            handedIn.closeUnclaimed();
        }
    }

    /** Makes {@code next} the active bindings; pools left out are retired until {@link #closeRetired()}. */
    void activate(List<ListenerBinding> next) {
        List<SocketPool> kept = next.stream().map(ListenerBinding::pool).toList();
        active.stream().map(ListenerBinding::pool).filter(p -> !kept.contains(p)).forEach(retired::add);
        active = List.copyOf(next);
    }

    /** Closes pools a failed reload opened and nobody will serve. */
    void discard(List<ListenerBinding> prepared) {
        prepared.stream().map(ListenerBinding::pool).filter(p -> activePool(p.spec()).orElse(null) != p)
                .forEach(SocketPool::close);
    }

    /** Closes retired pools: call when no worker of an older generation remains. */
    void closeRetired() {
        retired.forEach(SocketPool::close);
        retired.clear();
    }

    /** {@code echo 127.0.0.1:8090}, one per active listener. */
    List<String> endpoints() {
        return endpoints(active);
    }

    /** {@code echo 127.0.0.1:8090}, with {@code (inherited)} for sockets handed in, one per listener. */
    static List<String> endpoints(List<ListenerBinding> bindings) {
        return bindings.stream().map(b -> b.spec().protocol().label() + " " + b.spec().endpoint()
                + (b.pool().isInherited() ? " (inherited)" : "")).toList();
    }

    /**
     * What a reload to {@code next} changes, for its log line: {@code +daytime-13 -echo-9001
     * ~proxy-6479}, or {@code listeners unchanged}.
     */
    String changes(List<ListenerBinding> next) {
        List<String> parts = new ArrayList<>();
        for (ListenerBinding b : next) {
            Optional<ListenerBinding> old = active.stream().filter(a -> a.spec().name().equals(b.spec().name()))
                    .findFirst();
            boolean samePool = active.stream().anyMatch(a -> a.pool() == b.pool());
            if (old.isEmpty()) {
                parts.add("+" + b.spec().name() + " (" + b.spec().protocol().label() + " " + b.spec().endpoint()
                        + (samePool ? ", same sockets" : "") + ")");
            } else if (!Objects.equals(old.get().spec(), b.spec())) {
                parts.add("~" + b.spec().name() + " (" + b.spec().protocol().label() + " " + b.spec().endpoint()
                        + (samePool ? ", same sockets" : ", new sockets") + ")");
            }
        }
        for (ListenerBinding a : active) {
            if (next.stream().noneMatch(b -> b.spec().name().equals(a.spec().name()))) {
                parts.add("-" + a.spec().name());
            }
        }
        return parts.isEmpty() ? "listeners unchanged" : "listeners " + String.join(" ", parts);
    }

    private Optional<SocketPool> activePool(ListenerSpec spec) {
        return active.stream().map(ListenerBinding::pool).filter(p -> p.spec().sameSocket(spec)).findFirst();
    }

    @Override
    public void close() {
        closeRetired();
        active.stream().map(ListenerBinding::pool).distinct().forEach(SocketPool::close);
        active = List.of();
    }
}
