package tcpecho.master.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import tcpecho.common.launch.Protocol;
import tcpecho.common.listener.ListenerOptions;
import tcpecho.config.Listener;

/**
 * One listening endpoint the workers serve: where it binds, over which transport, and which
 * protocol (with its options) the workers speak on it.
 */
public record ListenerSpec(String name, Protocol protocol, InetAddress address, int port, int backlog,
                           ListenerOptions options) {

    public ListenerSpec {
        Objects.requireNonNull(options, "options");
    }

    /** A listener of a protocol without options of its own, open to everyone, without limits. */
    public ListenerSpec(String name, Protocol protocol, InetAddress address, int port, int backlog) {
        this(name, protocol, address, port, backlog, ListenerOptions.NONE);
    }

    public static ListenerSpec of(Listener listener, int backlog) {
        return new ListenerSpec(listener.name(), listener.protocol(), listener.bindAddress(), listener.port(), backlog,
                listener.options());
    }

    public boolean datagram() {
        return protocol.isDatagram();
    }

    /** The address to bind: {@code address} or, when null, every interface. */
    public InetSocketAddress socketAddress() {
        return address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
    }

    /** {@code *:8090}, {@code 127.0.0.1:8090} or {@code [::1]:8090}, for log lines and status. */
    public String endpoint() {
        return endpoint(address, port);
    }

    /** As {@link #endpoint()}, for {@code address} (null: every interface) and {@code port}. */
    static String endpoint(InetAddress address, int port) {
        String host = address == null ? "*" : address instanceof Inet6Address ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        return host + ":" + port;
    }

    public String transport() {
        return protocol.transport();
    }

    /**
     * Whether a pool bound for {@code other} can serve this spec too: the same transport, address,
     * port and backlog. Protocol, options and name may differ: they travel on the worker's command
     * line, so a reload that changes them keeps the socket and its queue (nothing is reset) and only
     * the new generation speaks the new protocol.
     */
    public boolean sameSocket(ListenerSpec other) {
        return datagram() == other.datagram() && port == other.port && Objects.equals(address, other.address)
                && backlog == other.backlog;
    }
}
