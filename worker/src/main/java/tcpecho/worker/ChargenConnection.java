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

    private ChargenConnection(SocketChannel channel, Origin origin, IoContext io, ListenerStats stats) {
        super(channel, origin, io, stats);
        this.readBuffer = io.readBuffer();
    }

    static ProtocolHandler protocol(IoContext io, ListenerStats stats) {
        return (channel, origin, selector) -> new ChargenConnection(channel, origin, io, stats)
                .register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    @Override
    public void handle(SelectionKey ready) throws IOException {
        if (ready.isReadable() && read(readBuffer.clear()) < 0) {
            close("closed by peer");
            return;
        }
        if (ready.isWritable()) {
            view.limit(offset + Chargen.CYCLES * Chargen.CYCLE_BYTES).position(offset);
            offset = (offset + write(view)) % Chargen.CYCLE_BYTES;
        }
    }
}
