package tcpecho.master.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import tcpecho.common.launch.InheritedListener;

/**
 * The SO_REUSEPORT sockets of one endpoint, owned by the master: listening TCP sockets, or bound
 * UDP sockets for a datagram protocol.
 *
 * <p>Each TCP socket has its own accept queue, and closing one resets every connection still queued
 * on it (FACTS.md: 97 of 200 clients reset); a UDP socket likewise drops the datagrams in its receive
 * buffer. So the master keeps them open for its whole life and hands them to workers: a worker that
 * dies or is replaced leaves its queue to its successor. The pool only grows: after a scale-down the
 * surplus sockets are shared out among the remaining workers instead of being closed with
 * connections in them. For UDP the kernel spreads datagrams over the sockets by a hash of the
 * sender's address and port, so one client's datagrams go to one socket.
 */
public final class SocketPool implements AutoCloseable {
    private static final StandardProtocolFamily DATAGRAM_FAMILY = datagramFamily();

    private final ListenerSpec spec;
    private final List<NetworkChannel> sockets = new ArrayList<>();
    private final boolean inherited;
    /** The family of each handed-in UDP socket, which may differ from the ones this master opens. */
    private final Function<NetworkChannel, String> inheritedFamilies;

    public SocketPool(ListenerSpec spec) {
        this.spec = spec;
        this.inherited = false;
        this.inheritedFamilies = socket -> null;
    }

    private SocketPool(ListenerSpec spec, List<? extends NetworkChannel> inheritedSockets,
                       Function<NetworkChannel, String> families) {
        this.spec = spec;
        this.sockets.addAll(inheritedSockets);
        this.inherited = true;
        this.inheritedFamilies = families;
    }

    /**
     * A pool of sockets the master was handed (socket activation, live upgrade) instead of binding
     * them: it never binds more. systemd hands one socket per listener, so every worker then
     * shares it (one accept queue, as with any non-reuseport server); binding extra SO_REUSEPORT
     * sockets beside it would fail unless the unit set ReusePort=, and their queues would die with
     * the master, which is what activation is for avoiding. {@code datagramFamilies} tells each
     * handed-in UDP socket's family.
     */
    public static SocketPool inherited(ListenerSpec spec, List<? extends NetworkChannel> sockets,
                                       Function<NetworkChannel, String> datagramFamilies) {
        return new SocketPool(spec, sockets, datagramFamilies);
    }

    public boolean isInherited() {
        return inherited;
    }

    /** Every socket, in order: what a live upgrade hands to the new master. */
    public List<NetworkChannel> sockets() {
        return List.copyOf(sockets);
    }

    /** The spec the sockets were opened for; later generations may serve them with another protocol. */
    public ListenerSpec spec() {
        return spec;
    }

    /**
     * Opens sockets until there are at least {@code count}; the first only if no other process
     * listens there (SO_REUSEPORT would let it bind beside that one, splitting the clients).
     */
    public void ensure(int count) throws ListenException {
        if (!inherited && sockets.isEmpty() && count > 0) {
            Optional<String> taken = TakenPorts.conflict(spec);
            if (taken.isPresent()) {
                throw new ListenException((spec.datagram() ? "cannot bind udp " : "cannot listen on tcp ") + spec.endpoint()
                        + ": " + taken.get());
            }
        }
        while (!inherited && sockets.size() < count) {
            sockets.add(spec.datagram() ? openDatagram() : openStream());
        }
    }

    public int size() {
        return sockets.size();
    }

    /**
     * The sockets worker {@code index} (0-based) of {@code workerCount} serves: every workerCount-th;
     * with fewer sockets than workers (an inherited pool), workers share them round robin.
     */
    public List<NetworkChannel> socketsFor(int index, int workerCount) {
        if (sockets.size() < workerCount) {
            return sockets.isEmpty() ? List.of() : List.of(sockets.get(index % sockets.size()));
        }
        List<NetworkChannel> mine = new ArrayList<>();
        for (int i = index; i < sockets.size(); i += workerCount) {
            mine.add(sockets.get(i));
        }
        return mine;
    }

    /** How a worker serving {@code served} names one of this pool's sockets once it sits on {@code fd}. */
    public InheritedListener describe(NetworkChannel socket, int fd, ListenerSpec served) {
        try {
            InetSocketAddress local = (InetSocketAddress) socket.getLocalAddress();
            String family;
            if (socket instanceof DatagramChannel) {
                String handedIn = inheritedFamilies.apply(socket);
                boolean ours = handedIn == null;
                family = ours ? (DATAGRAM_FAMILY == StandardProtocolFamily.INET6 ? "inet6" : "inet") : handedIn;
            } else {
                family = local.getAddress() instanceof Inet6Address ? "inet6" : "inet";
            }
            return new InheritedListener(fd, served.protocol(), family, served.name(), served.options());
        } catch (IOException closed) {
            throw new IllegalStateException("listener " + served.name() + " socket is closed", closed);
        }
    }

    private ServerSocketChannel openStream() throws ListenException {
        ServerSocketChannel socket = null;
        try {
            socket = ServerSocketChannel.open();
            socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(spec.socketAddress(), spec.backlog());
            return socket;
        } catch (IOException | UnsupportedOperationException failed) {
            closeQuietly(socket);
            throw new ListenException("cannot listen on tcp " + spec.endpoint() + ": " + failed.getMessage());
        }
    }

    /**
     * A UDP socket of the family the JDK assumes for a datagram descriptor it adopts: its only
     * constructor for that, {@code DatagramChannelImpl(SelectorProvider, FileDescriptor)}, takes
     * INET6 whenever IPv6 is available. Measured on JDK 17 and 25: an adopted AF_INET socket bound to
     * 127.0.0.1 received, but every send failed with "Address family not supported by protocol"; an
     * AF_INET6 one bound to 127.0.0.1 (v4-mapped) echoed. So IPv4 addresses are bound v4-mapped too.
     */
    private DatagramChannel openDatagram() throws ListenException {
        DatagramChannel socket = null;
        try {
            socket = DatagramChannel.open(DATAGRAM_FAMILY);
            socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(spec.socketAddress());
            return socket;
        } catch (IOException | UnsupportedOperationException failed) {
            closeQuietly(socket);
            throw new ListenException("cannot bind udp " + spec.endpoint() + ": " + failed.getMessage());
        }
    }

    /** INET6 where the host has IPv6 (the JDK's own test for it), else INET. */
    private static StandardProtocolFamily datagramFamily() {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            return StandardProtocolFamily.INET6;
        } catch (IOException | UnsupportedOperationException noIpv6) {
            return StandardProtocolFamily.INET;
        }
    }

    @Override
    public void close() {
        sockets.forEach(SocketPool::closeQuietly);
        sockets.clear();
    }

    private static void closeQuietly(NetworkChannel socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket we no longer need; the kernel frees it either way
        }
    }
}
