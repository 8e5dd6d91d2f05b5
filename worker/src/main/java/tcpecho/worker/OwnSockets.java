package tcpecho.worker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tcpecho.common.log.Log;

/**
 * Whether a datagram's source is one of this server's own UDP sockets, so that answering it would
 * send the echo to ourselves and loop (a spoofed datagram does it with one packet). Every worker
 * holds a socket of every listener, so the local addresses of this worker's UDP sockets are those
 * of the whole server.
 *
 * <p>A socket bound to one address matches that address only. A wildcard-bound socket receives
 * on every local address, so it matches any local one: loopback (all of 127.0.0.0/8 and ::1),
 * the wildcard itself, or an address of an interface. The interfaces are read once, at worker
 * start (each reload starts new workers); the port is compared first, so the address is looked at
 * only for datagrams from one of our ports, and no lookup allocates.
 */
final class OwnSockets {
    private final int[] ports;
    /** Per entry of {@link #ports}: the bound address, or null for the wildcard. */
    private final InetAddress[] addresses;
    private final Set<InetAddress> interfaceAddresses;

    OwnSockets(List<InetSocketAddress> bound, Set<InetAddress> interfaceAddresses) {
        ports = new int[bound.size()];
        addresses = new InetAddress[bound.size()];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = bound.get(i).getPort();
            InetAddress address = bound.get(i).getAddress();
            addresses[i] = address.isAnyLocalAddress() ? null : address;
        }
        this.interfaceAddresses = Set.copyOf(interfaceAddresses);
    }

    /** For the sockets {@code bound}, with this host's interface addresses as they are now. */
    static OwnSockets of(List<InetSocketAddress> bound) {
        return new OwnSockets(bound, interfaceAddresses());
    }

    boolean contains(InetSocketAddress sender) {
        int port = sender.getPort();
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] == port && matches(addresses[i], sender.getAddress())) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(InetAddress bound, InetAddress source) {
        if (bound != null) {
            return bound.equals(source);
        }
        return source.isLoopbackAddress() || source.isAnyLocalAddress() || interfaceAddresses.contains(source);
    }

    private static Set<InetAddress> interfaceAddresses() {
        Set<InetAddress> all = new HashSet<>();
        try {
            Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                interfaces.nextElement().getInetAddresses().asIterator().forEachRemaining(all::add);
            }
        } catch (SocketException e) {
            // Loopback and exact binds are still recognised; say what is missing.
            Log.get().warn("cannot list network interfaces (" + Log.describe(e) + "): datagrams spoofed from a"
                    + " non-loopback local address to a wildcard UDP listener are not recognised as our own");
        }
        return all;
    }
}
