package tcpecho.master.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who else listens where a listener is about to bind. SO_REUSEPORT lets a second socket of the same
 * user bind beside another one without an error, and the kernel then splits the clients between the
 * two servers. So before it opens a new endpoint, the master looks in /proc/net for a listening TCP
 * socket (or a bound, unconnected UDP one) on that port whose address overlaps, that is not one of its
 * own descriptors (its pools, the sockets it was handed), and names the processes holding it.
 */
final class TakenPorts {
    /* from include/net/tcp_states.h */
    private static final String TCP_LISTEN = "0A";
    private static final String TCP_CLOSE = "07";
    private static final int MAX_NAMED = 3;

    /** A socket in a /proc/net table. */
    record Entry(InetAddress address, int port, String inode) {
        String endpoint() {
            return TakenPorts.endpoint(address, port);
        }
    }

    /** {@code 127.0.0.1:8090}, {@code [::1]:8090}, or {@code *:8090} for a bound wildcard address. */
    static String endpoint(InetAddress address, int port) {
        return ListenerSpec.endpoint(address.isAnyLocalAddress() ? null : address, port);
    }

    private TakenPorts() {
    }

    /**
     * Why {@code spec} must not be bound, e.g. {@code another process already listens on *:8090 (pid
     * 4711 tcp-echo[mastr], pid 4712 tcp-echo[wrk1]); stop it or choose another port or address};
     * empty when no other process listens there.
     */
    static Optional<String> conflict(ListenerSpec spec) {
        if (bindsAlone(spec)) {
            return Optional.empty();
        }
        Set<String> own = ownSocketInodes();
        for (Entry entry : listening(spec.datagram())) {
            if (entry.port() == spec.port() && overlaps(spec.address(), entry.address()) && !own.contains(entry.inode())) {
                return Optional.of("another process already " + (spec.datagram() ? "is bound to " : "listens on ")
                        + entry.endpoint() + " (" + holders(entry.inode()) + "); stop it or choose another port or address");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a socket without SO_REUSEPORT can bind {@code spec}'s endpoint: then no socket listens
     * (or, for UDP, is bound) where ours would share its clients, and /proc need not be read. Reading
     * it is what costs: after a load test the TCP tables held ~150,000 TIME_WAIT lines, and reading
     * them grew the master's heap by ~11 MB (RSS 57 -> 68 MB) and its start by tens of ms. A TCP probe
     * takes SO_REUSEADDR, so connections on the port in TIME_WAIT do not count, while a listening
     * socket still refuses it; a UDP probe does not, as SO_REUSEADDR lets UDP sockets share a port.
     * When the probe cannot bind (a listener, our own socket on a reload, a port below 1024), /proc
     * decides as before.
     * The JDK's bind of a server socket also listens, so for the microseconds until the probe closes
     * a client connecting to this port (which nothing served a moment ago) would be reset; only a
     * port that is about to be opened is probed.
     */
    static boolean bindsAlone(ListenerSpec spec) {
        try (NetworkChannel probe = spec.datagram() ? DatagramChannel.open() : ServerSocketChannel.open()) {
            if (!spec.datagram()) {
                probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            probe.bind(spec.socketAddress());
            return true;
        } catch (IOException | RuntimeException taken) {
            return false;
        }
    }

    /**
     * Whether a socket bound to {@code mine} (null: every address, which the JDK binds as IPv6's
     * dual-stack wildcard) would share clients with one bound to {@code other} on the same port. An
     * IPv6 wildcard socket is taken as dual-stack, Linux's default (/proc does not show V6ONLY).
     */
    static boolean overlaps(InetAddress mine, InetAddress other) {
        if (mine == null) {
            return true;
        }
        InetAddress a = unmapped(mine);
        InetAddress b = unmapped(other);
        if (a.isAnyLocalAddress() || b.isAnyLocalAddress()) {
            InetAddress any = a.isAnyLocalAddress() ? a : b;
            InetAddress rest = any == a ? b : a;
            return any instanceof Inet6Address || rest instanceof Inet4Address;
        }
        return a.equals(b);
    }

    /** Listening TCP sockets, or bound and unconnected UDP ones, from /proc/net (IPv4 and IPv6). */
    static List<Entry> listening(boolean datagram) {
        List<Entry> entries = new ArrayList<>();
        for (String table : datagram ? List.of("udp", "udp6") : List.of("tcp", "tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of("/proc/net", table));
            } catch (IOException noTable) {
                continue;  // no IPv6 on this kernel, or no /proc: nothing to compare with
            }
            String state = " " + (datagram ? TCP_CLOSE : TCP_LISTEN) + " ";
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                // Most lines are connections (tcp6 had 6,470 lines, nearly all TIME_WAIT, on a machine
                // that had run benchmarks: splitting each took ~40 ms of the master's start). A
                // two-digit hex field is the state alone (the others are longer hex, joined by ':',
                // or decimal), so a line without it in spaces is no candidate.
                if (!line.contains(state)) {
                    continue;
                }
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && fields[3].equals(datagram ? TCP_CLOSE : TCP_LISTEN)) {
                    parse(fields[1], fields[9]).ifPresent(entries::add);
                }
            }
        }
        return entries;
    }

    /** {@code 0100007F:1F90}: the address as the kernel stores it (32-bit words in host order, x86: little-endian). */
    static Optional<Entry> parse(String local, String inode) {
        int colon = local.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        byte[] raw = HexFormat.of().parseHex(local.substring(0, colon));
        for (int word = 0; word + 4 <= raw.length; word += 4) {
            for (int i = 0; i < 2; i++) {
                byte swap = raw[word + i];
                raw[word + i] = raw[word + 3 - i];
                raw[word + 3 - i] = swap;
            }
        }
        try {
            return Optional.of(new Entry(InetAddress.getByAddress(raw), Integer.parseInt(local.substring(colon + 1), 16),
                    inode));
        } catch (UnknownHostException | NumberFormatException malformed) {
            return Optional.empty();
        }
    }

    private static InetAddress unmapped(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 16 && isV4Mapped(raw)) {
            try {
                return InetAddress.getByAddress(java.util.Arrays.copyOfRange(raw, 12, 16));
            } catch (UnknownHostException impossible) {
                return address;
            }
        }
        return address;
    }

    private static boolean isV4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    private static Set<String> ownSocketInodes() {
        return socketInodes(Path.of("/proc/self/fd"));
    }

    private static Set<String> socketInodes(Path fdDir) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while we listed: not a socket of interest
                }
            }
        } catch (IOException | SecurityException notOurs) {
            // another user's process: its descriptors are not ours to read
        }
        return inodes;
    }

    /** Who holds {@code inode}: {@code pid 4711 tcp-echo[mastr]}, up to three of them, lowest pid first. */
    private static String holders(String inode) {
        long self = ProcessHandle.current().pid();
        TreeSet<Long> pids = new TreeSet<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (pid != self && socketInodes(process.resolve("fd")).contains(inode)) {
                    pids.add(pid);
                }
            }
        } catch (IOException | NumberFormatException unreadable) {
            // named below as a process we cannot see
        }
        if (pids.isEmpty()) {
            return "its pid is not visible to this user";
        }
        List<String> named = new ArrayList<>();
        for (long pid : pids) {
            if (named.size() == MAX_NAMED) {
                named.add((pids.size() - MAX_NAMED) + " more");
                break;
            }
            named.add("pid " + pid + " " + comm(pid));
        }
        return String.join(", ", named);
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException gone) {
            return "gone";
        }
    }
}
