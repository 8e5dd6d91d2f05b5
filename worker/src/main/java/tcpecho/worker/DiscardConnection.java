package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** RFC 863 discard: reads and drops everything until the client closes. Holds no buffer. */
final class DiscardConnection extends StreamConnection {
    private final ByteBuffer readBuffer;

    private DiscardConnection(SocketChannel channel, Origin origin, IoContext io, ListenerStats stats,
                              TransportFactory transports) {
        super(channel, origin, io, stats, transports);
        this.readBuffer = io.readBuffer();
    }

    static ProtocolHandler protocol(IoContext io, ListenerStats stats, TransportFactory transports) {
        return (channel, origin, selector) -> new DiscardConnection(channel, origin, io, stats, transports)
                .register(selector, SelectionKey.OP_READ);
    }

    @Override
    protected void onReady(int readyOps) throws IOException {
        if (read(readBuffer.clear()) < 0) {
            close("closed by peer");
        }
    }
}
