package tcpecho.worker;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.log.Log;
import tcpecho.common.net.SocketAdoption;
import tcpecho.common.net.SocketAdoption.AdoptionException;

/**
 * Turns a socket inherited on a file descriptor (the master hands over its sockets on fds 3, 4,
 * ...) into a channel, with {@link SocketAdoption}, and says what is wrong with one it cannot use.
 */
final class InheritedSockets {
    private static final String OPENS = "; the worker needs --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
            + " --add-opens java.base/java.io=ALL-UNNAMED";

    private InheritedSockets() {
    }

    /** The listener's channel; the exception names the fd and what is wrong with it. */
    static ServerSocketChannel adopt(InheritedListener listener) throws IOException {
        ServerSocketChannel channel;
        try {
            channel = SocketAdoption.serverSocket(listener.fd(), family(listener));
        } catch (AdoptionException e) {
            // The constructor reads the socket's local address: ENOTSOCK or EBADF surface here.
            throw failure(listener, e.jdkRefused() ? "this JDK does not let us wrap a descriptor ("
                    + Log.describe(e.getCause()) + ")" + OPENS : Log.describe(e.getCause()));
        }
        if (channel.getLocalAddress() == null) {
            throw failure(listener, "the socket is not bound");
        }
        return channel;
    }

    /** The UDP listener's channel, bound, not connected; the exception names the fd and what is wrong. */
    static DatagramChannel adoptDatagram(InheritedListener listener) throws IOException {
        DatagramChannel channel;
        try {
            channel = SocketAdoption.datagram(listener.fd(), family(listener));
        } catch (AdoptionException e) {
            throw failure(listener, e.jdkRefused() ? "this JDK does not let us wrap a datagram descriptor ("
                    + Log.describe(e.getCause()) + ")" + OPENS : Log.describe(e.getCause()));
        }
        if (channel.getLocalAddress() == null) {
            channel.close();
            throw failure(listener, "the socket is not bound");
        }
        return channel;
    }

    private static ProtocolFamily family(InheritedListener listener) {
        return listener.family().equals("inet6") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static IOException failure(InheritedListener listener, String why) {
        return new IOException("cannot use inherited listener fd " + listener.fd() + " ("
                + listener.encode() + "): " + why);
    }
}
