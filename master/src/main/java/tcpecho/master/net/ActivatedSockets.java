package tcpecho.master.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tcpecho.common.log.Log;
import tcpecho.common.net.SocketAdoption;
import tcpecho.common.net.SocketAdoption.AdoptionException;

/**
 * Listening sockets handed to the master at start, by systemd's socket activation or by the master
 * it replaces in a live upgrade: both follow sd_listen_fds(3), {@code LISTEN_FDS=n} sockets on fds
 * 3..3+n-1, valid only if {@code LISTEN_PID} is our pid (so a child that inherits the variables
 * by accident ignores them). The master never passes these variables on to its children.
 *
 * <p>A socket serves the configured listener with the same transport, local address and port (a
 * wildcard matches a wildcard); a listener without one is bound as usual, and a socket that matches
 * no listener is closed with a warning. Listening TCP sockets and bound UDP sockets (an
 * {@code echo-udp} listener, systemd's {@code ListenDatagram=}) are taken; anything else is refused.
 */
public final class ActivatedSockets {
    public static final String LISTEN_PID = "LISTEN_PID";
    public static final String LISTEN_FDS = "LISTEN_FDS";
    public static final String LISTEN_FDNAMES = "LISTEN_FDNAMES";
    public static final int FIRST_FD = 3;

    /** What /proc says a descriptor is. */
    enum Kind { TCP_LISTENING, UDP, UDP6, OTHER }

    private final List<NetworkChannel> unclaimed;
    /** {@code inet} or {@code inet6} for each UDP socket: the worker must wrap it with its real family. */
    private final Map<NetworkChannel, String> datagramFamilies;
    /** The descriptor each socket was handed on, to name it in messages. */
    private final Map<NetworkChannel, Integer> fds;

    private ActivatedSockets(List<NetworkChannel> sockets, Map<NetworkChannel, String> datagramFamilies,
                             Map<NetworkChannel, Integer> fds) {
        this.unclaimed = new ArrayList<>(sockets);
        this.datagramFamilies = Map.copyOf(datagramFamilies);
        this.fds = Map.copyOf(fds);
    }

    public static ActivatedSockets none() {
        return new ActivatedSockets(List.of(), Map.of(), Map.of());
    }

    /** The sockets {@code env} describes for process {@code pid}; none if the variables are absent or not ours. */
    public static ActivatedSockets fromEnvironment(Map<String, String> env, long pid) throws ListenException {
        int count = count(env, pid);
        List<NetworkChannel> sockets = new ArrayList<>();
        Map<NetworkChannel, String> families = new HashMap<>();
        Map<NetworkChannel, Integer> fds = new HashMap<>();
        ProcNet procNet = new ProcNet();
        for (int fd = FIRST_FD; fd < FIRST_FD + count; fd++) {
            Kind kind = kindOf(fd, procNet);
            NetworkChannel socket;
            if (kind == Kind.UDP || kind == Kind.UDP6) {
                socket = adoptDatagram(fd, kind);
                families.put(socket, kind == Kind.UDP6 ? "inet6" : "inet");
            } else {
                socket = adopt(fd, kind);
            }
            sockets.add(socket);
            fds.put(socket, fd);
        }
        return new ActivatedSockets(sockets, families, fds);
    }

    /** How many sockets {@code env} hands to {@code pid}: 0 unless LISTEN_PID is {@code pid}. */
    public static int count(Map<String, String> env, long pid) throws ListenException {
        String forPid = env.get(LISTEN_PID);
        String fds = env.get(LISTEN_FDS);
        if (forPid == null || fds == null || !forPid.trim().equals(Long.toString(pid))) {
            return 0;
        }
        try {
            int count = Integer.parseInt(fds.trim());
            if (count >= 0 && count <= 1024) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ListenException("LISTEN_FDS must be a whole number between 0 and 1024 (got '" + fds + "')");
    }

    /** Takes every socket bound where {@code spec} listens; empty if there is none. */
    public List<NetworkChannel> claim(ListenerSpec spec) {
        List<NetworkChannel> mine = new ArrayList<>();
        for (NetworkChannel socket : List.copyOf(unclaimed)) {
            if (spec.datagram() == socket instanceof DatagramChannel && matches(spec, localAddress(socket))) {
                mine.add(socket);
                unclaimed.remove(socket);
            }
        }
        return mine;
    }

    /**
     * Takes the listening TCP socket bound to {@code at} (a wildcard matches a wildcard), or null:
     * the metrics endpoint's, handed on by an upgrading master like the listeners'.
     */
    public ServerSocketChannel claimStream(InetSocketAddress at) {
        InetAddress address = at.getAddress().isAnyLocalAddress() ? null : at.getAddress();
        for (NetworkChannel socket : unclaimed) {
            if (socket instanceof ServerSocketChannel stream && boundAt(address, at.getPort(), localAddress(socket))) {
                unclaimed.remove(socket);
                return stream;
            }
        }
        return null;
    }

    /** {@code inet} or {@code inet6}: the family of a UDP socket handed in, as the worker must wrap it. */
    public String datagramFamily(NetworkChannel socket) {
        return datagramFamilies.get(socket);
    }

    /**
     * {@code failed} (binding {@code spec}), told why when a handed-in socket that matches no listener
     * holds that port: the kernel's "Address already in use" alone sends the user looking for
     * another server, while the fix is in the config (or in the socket unit).
     */
    public ListenException explain(ListenerSpec spec, ListenException failed) {
        for (NetworkChannel socket : unclaimed) {
            InetSocketAddress local = localAddress(socket);
            if (local != null && local.getPort() == spec.port() && spec.datagram() == socket instanceof DatagramChannel
                    && TakenPorts.overlaps(spec.address(), local.getAddress())) {
                String bound = TakenPorts.endpoint(local.getAddress(), local.getPort());
                return new ListenException(failed.getMessage() + ": the socket handed in on fd " + fds.get(socket)
                        + " (" + LISTEN_FDS + ") is bound to " + bound + " and matches no configured listener; to serve it,"
                        + " configure a listener on exactly " + bound + " (bind and port, or -b and -p), or have the"
                        + " socket unit listen on " + spec.endpoint());
            }
        }
        return failed;
    }

    /** Closes, with a warning each, the sockets no listener claimed. */
    public void closeUnclaimed() {
        for (NetworkChannel socket : unclaimed) {
            Log.get().warn("inherited listening socket " + localAddress(socket) + " matches no configured listener: closing it");
            try {
                socket.close();
            } catch (IOException ignored) {
                // the kernel frees it either way
            }
        }
        unclaimed.clear();
    }

    static boolean matches(ListenerSpec spec, InetSocketAddress local) {
        return boundAt(spec.address(), spec.port(), local);
    }

    /** Whether {@code local} is {@code address} (null: the wildcard) and {@code port}. */
    private static boolean boundAt(InetAddress address, int port, InetSocketAddress local) {
        if (local == null || local.getPort() != port) {
            return false;
        }
        return address == null ? local.getAddress().isAnyLocalAddress() : address.equals(local.getAddress());
    }

    private static InetSocketAddress localAddress(NetworkChannel socket) {
        try {
            return (InetSocketAddress) socket.getLocalAddress();
        } catch (IOException | ClassCastException unusable) {
            return null;
        }
    }

    /**
     * The listening TCP socket on {@code fd}. The JDK's constructor reads the bound address but must
     * be told the family: an IPv6 address means adopting again as INET6 (the first object only read
     * the address and is dropped unclosed).
     */
    private static ServerSocketChannel adopt(int fd, Kind kind) throws ListenException {
        if (kind != Kind.TCP_LISTENING) {
            throw new ListenException("inherited fd " + fd + " (of LISTEN_FDS) is neither a listening TCP socket nor"
                    + " a bound UDP one: only systemd's ListenStream= and ListenDatagram= sockets can be served");
        }
        try {
            ServerSocketChannel channel = SocketAdoption.serverSocket(fd, StandardProtocolFamily.INET);
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            if (local == null) {
                throw new ListenException("inherited fd " + fd + " is not a bound socket");
            }
            if (local.getAddress() instanceof Inet6Address) {
                channel = SocketAdoption.serverSocket(fd, StandardProtocolFamily.INET6);
            }
            return channel;
        } catch (AdoptionException e) {
            throw new ListenException(e.jdkRefused() ? cannotUse(fd, e.getCause())
                    : "inherited fd " + fd + " is not a listening TCP socket: " + Log.describe(e.getCause()));
        } catch (IOException | RuntimeException e) {
            throw new ListenException(cannotUse(fd, e));
        }
    }

    /**
     * What {@code fd} is, by its inode (from /proc/self/fd) in /proc/net/tcp, tcp6 (state 0A is
     * LISTEN), udp or udp6 (which also gives a UDP socket's family). The JDK would wrap a UDP socket
     * as a TCP listener, or a pipe as either, and only fail at the first accept, in a worker.
     * Without /proc, assume a TCP listener, as before UDP was served.
     */
    static Kind kindOf(int fd) {
        return kindOf(fd, new ProcNet());
    }

    private static Kind kindOf(int fd, ProcNet procNet) {
        String inode;
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            if (!target.startsWith("socket:[")) {
                return Kind.OTHER;
            }
            inode = target.substring("socket:[".length(), target.length() - 1);
        } catch (IOException | UnsupportedOperationException noProc) {
            return Files.isDirectory(Path.of("/proc/self/fd")) ? Kind.OTHER : Kind.TCP_LISTENING;
        }
        return procNet.kindOf(inode);
    }

    /**
     * The sockets of /proc/net by inode, read once for all the descriptors handed in rather than
     * four files per descriptor (on a busy host /proc/net/tcp has a line per connection).
     */
    private static final class ProcNet {
        private Map<String, Kind> byInode;

        Kind kindOf(String inode) {
            if (byInode == null) {
                byInode = read();
            }
            return byInode.getOrDefault(inode, Kind.OTHER);
        }

        private static Map<String, Kind> read() {
            Map<String, Kind> kinds = new HashMap<>();
            for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/net", table))) {
                        String[] fields = line.trim().split("\\s+");
                        if (fields.length > 9) {
                            kinds.putIfAbsent(fields[9], kind(table, fields[3]));
                        }
                    }
                } catch (IOException unreadable) {
                    // no IPv6 table on this kernel: the others decide
                }
            }
            return kinds;
        }

        private static Kind kind(String table, String state) {
            return table.startsWith("udp") ? (table.equals("udp6") ? Kind.UDP6 : Kind.UDP)
                    : state.equals("0A") ? Kind.TCP_LISTENING : Kind.OTHER;
        }
    }

    /** The bound UDP socket on {@code fd}, of the family /proc gave ({@code kind}). */
    private static DatagramChannel adoptDatagram(int fd, Kind kind) throws ListenException {
        try {
            DatagramChannel channel = SocketAdoption.datagram(fd,
                    kind == Kind.UDP6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            if (channel.getLocalAddress() == null) {
                throw new ListenException("inherited fd " + fd + " is an unbound UDP socket");
            }
            return channel;
        } catch (AdoptionException e) {
            throw new ListenException(e.jdkRefused() ? cannotUse(fd, e.getCause())
                    : "inherited fd " + fd + " is not a usable UDP socket: " + Log.describe(e.getCause()));
        } catch (IOException | RuntimeException e) {
            throw new ListenException(cannotUse(fd, e));
        }
    }

    private static String cannotUse(int fd, Throwable why) {
        return "cannot use inherited fd " + fd + ": " + Log.describe(why) + " (the master needs"
                + " --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED)";
    }
}
