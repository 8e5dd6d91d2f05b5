package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * RFC 864 chargen over TCP: sends the {@link Chargen} pattern for as long as the client reads,
 * and discards whatever the client sends. Writes only when the socket is writable (OP_WRITE), so
 * a slow reader slows the stream down and the connection holds nothing but an offset.
 */
final class ChargenConnection extends StreamConnection {
    private final ByteBuffer readBuffer;
    /** This connection's view of {@link Chargen#SHARED}: position and limit are its own. */
    private final ByteBuffer view = Chargen.SHARED.duplicate();
    private int offset;

    private ChargenConnection(SocketChannel channel, Origin origin, IoContext io, ListenerStats stats,
                              TransportFactory transports) {
        super(channel, origin, io, stats, transports);
        this.readBuffer = io.readBuffer();
    }

    static ProtocolHandler protocol(IoContext io, ListenerStats stats, TransportFactory transports) {
        return (channel, origin, selector) -> new ChargenConnection(channel, origin, io, stats, transports)
                .register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    @Override
    protected void onReady(int readyOps) throws IOException {
        if ((readyOps & SelectionKey.OP_READ) != 0 && read(readBuffer.clear()) < 0) {
            close("closed by peer");
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            view.limit(offset + Chargen.CYCLES * Chargen.CYCLE_BYTES).position(offset);
            offset = (offset + write(view)) % Chargen.CYCLE_BYTES;
        }
    }
}
