package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import tcpecho.common.log.Log;

/**
 * RFC 867 daytime: writes one {@link Daytime} line, then closes. The line is ~31 bytes, so the
 * first write nearly always takes it whole; if not, the rest goes out when the socket is writable.
 */
final class DaytimeConnection extends StreamConnection {
    private final ByteBuffer line;

    private DaytimeConnection(SocketChannel channel, Origin origin, IoContext io, ListenerStats stats,
                              TransportFactory transports) {
        super(channel, origin, io, stats, transports);
        this.line = ByteBuffer.wrap(Daytime.line(Instant.now()));
    }

    static ProtocolHandler protocol(IoContext io, ListenerStats stats, TransportFactory transports) {
        return (channel, origin, selector) -> {
            DaytimeConnection connection = new DaytimeConnection(channel, origin, io, stats, transports);
            connection.register(selector, 0);
            try {
                connection.send();
            } catch (IOException e) {
                connection.close(Log.describe(e));
            }
        };
    }

    @Override
    protected void onReady(int readyOps) throws IOException {
        send();
    }

    private void send() throws IOException {
        write(line);
        if (line.hasRemaining() || !flushed()) {
            interest(SelectionKey.OP_WRITE);
            return;
        }
        // Lingering: what the client sends (a newline from nc, say) is discarded, as RFC 867 says,
        // and must not turn our close into an RST that could cost the client the line.
        closeLingering("daytime sent");
    }
}
