package tcpecho.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Resolves where load goes; refuses anything but loopback unless remote targets are allowed. */
public final class Target {
    private Target() {
    }

    /** @throws IllegalArgumentException with a message fit for a user */
    public static InetSocketAddress resolve(String host, int port, boolean allowRemote) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "'");
        }
        if (!address.isLoopbackAddress() && !allowRemote) {
            throw new IllegalArgumentException("host '" + host + "' (" + address.getHostAddress()
                    + ") is not a loopback address; a load generator only targets other machines"
                    + " with --allow-remote");
        }
        return new InetSocketAddress(address, port);
    }

    /** host:port as a user would type it, brackets for IPv6. */
    public static String describe(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
