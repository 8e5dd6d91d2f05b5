package tcpecho.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import tcpecho.worker.proxyheader.ProxyHeader;

/**
 * Who a connection is from, as every part of the worker should see it: {@code client} is the
 * socket's peer, or on a {@code proxy-protocol} listener the original client a trusted balancer's
 * header named. Logs, dumps, access lists and per-IP limits use {@code client}; {@code via} is the
 * balancer (null without a header), {@code server} the address the client connected to (what a
 * proxy's own {@code send-proxy-protocol} header carries as destination).
 */
record Origin(InetSocketAddress client, InetSocketAddress server, InetSocketAddress via, String header) {

    /** A connection as accepted, without a PROXY header; null fields when the socket is already gone. */
    static Origin of(SocketChannel channel) {
        return new Origin(remote(channel), local(channel), null, null);
    }

    /**
     * After {@code header} from the balancer at {@code peer}: its client, or the socket's own
     * endpoints when the header names none (LOCAL, UNKNOWN, UNSPEC, UNIX).
     */
    static Origin of(SocketChannel channel, InetSocketAddress peer, ProxyHeader header) {
        if (!header.hasClient()) {
            return new Origin(peer, local(channel), peer, header.describe());
        }
        return new Origin(header.source(), header.destination(), peer, header.describe());
    }

    /**
     * {@code /203.0.113.7:5123}, or {@code /203.0.113.7:5123 via /10.0.0.2:40112 (PROXY v2 TCP4)}, or for
     * a header that names no client (a balancer's LOCAL health check) {@code /10.0.0.2:40112 (PROXY v2 LOCAL)}.
     */
    @Override
    public String toString() {
        if (via == null) {
            return String.valueOf(client);
        }
        return (via.equals(client) ? client : client + " via " + via) + " (" + header + ")";
    }

    private static InetSocketAddress remote(SocketChannel channel) {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException gone) {
            return null;
        }
    }

    private static InetSocketAddress local(SocketChannel channel) {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException gone) {
            return null;
        }
    }
}
