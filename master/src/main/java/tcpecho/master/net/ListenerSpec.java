package tcpecho.master.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One listening endpoint the workers serve: where it binds and which protocol the workers speak
 * on it. Today the config yields one {@code echo} listener; several listeners and more protocols
 * plug in here.
 */
public record ListenerSpec(String name, String protocol, InetAddress address, int port, int backlog) {

    /** The address to bind: {@code address} or, when null, every interface. */
    public InetSocketAddress socketAddress() {
        return address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
    }

    /** {@code *:8090} or {@code 127.0.0.1:8090}, for log lines and status. */
    public String endpoint() {
        return (address == null ? "*" : address.getHostAddress()) + ":" + port;
    }

    /** Whether a pool bound for {@code other} can serve this spec too (same socket, new protocol is not). */
    public boolean sameSocket(ListenerSpec other) {
        return port == other.port && java.util.Objects.equals(address, other.address)
                && protocol.equals(other.protocol) && backlog == other.backlog;
    }
}
