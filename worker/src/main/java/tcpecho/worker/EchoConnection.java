package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One RFC 862 echo connection: every byte read is written back, in order.
 *
 * <p>Reads go through the worker's shared buffer and are written back at once, so an idle
 * connection or one whose peer keeps up holds no buffer. Only when the peer reads slower than it
 * sends does a write come up short; the rest is copied into a buffer of exactly that size and the
 * connection stops reading until it has been sent. A read never takes more than max-unsent bytes,
 * which is what bounds that buffer.
 */
final class EchoConnection extends StreamConnection {
    private final IoContext io;
    private ByteBuffer pending;

    private EchoConnection(SocketChannel channel, Origin origin, IoContext io, ListenerStats stats,
                           TransportFactory transports) {
        super(channel, origin, io, stats, transports);
        this.io = io;
    }

    /**
     * The echo {@link ProtocolHandler} over {@code io}, counting into {@code stats}: a connection that
     * draws no fault when it opens is a plain EchoConnection, one that does a {@link FaultedEcho}.
     */
    static ProtocolHandler protocol(IoContext io, ListenerStats stats, TransportFactory transports,
                                    ListenerFaults faults) {
        return (channel, origin, selector) -> {
            ListenerFaults.Plan plan = faults.plan();
            if (plan == null) {
                open(channel, origin, selector, io, stats, transports);
            } else {
                FaultedEcho.open(channel, origin, selector, io, stats, transports, plan.echo(), faults);
            }
        };
    }

    static EchoConnection open(SocketChannel channel, Origin origin, Selector selector, IoContext io,
                               ListenerStats stats) throws IOException {
        return open(channel, origin, selector, io, stats, TransportFactory.PLAIN);
    }

    static EchoConnection open(SocketChannel channel, Origin origin, Selector selector, IoContext io, ListenerStats stats,
                               TransportFactory transports) throws IOException {
        EchoConnection connection = new EchoConnection(channel, origin, io, stats, transports);
        connection.register(selector, SelectionKey.OP_READ);
        return connection;
    }

    @Override
    protected void onReady(int readyOps) throws IOException {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flush();
        } else if ((readyOps & SelectionKey.OP_READ) != 0) {
            read();
        }
    }

    private void read() throws IOException {
        ByteBuffer buffer = io.readBuffer();
        buffer.clear().limit(Math.min(buffer.capacity(), io.budget().readLimit(io.maxUnsentBytes())));
        if (read(buffer) < 0) {
            // Nothing is pending here (we only read with an empty backlog): the echo is complete.
            // No shutdownOutput first: closing a registered channel already makes the JDK send the FIN
            // (getsockopt SO_LINGER + shutdown), so ours was one more syscall per connection.
            close("closed by peer");
            return;
        }
        buffer.flip();
        write(buffer);
        // TLS may have taken it all yet hold records the socket did not: then too, stop reading until sent.
        if (buffer.hasRemaining() || !flushed()) {
            keep(buffer);
        }
    }

    private void keep(ByteBuffer rest) {
        pending = ByteBuffer.allocate(rest.remaining()).put(rest).flip();
        io.budget().take(pending.capacity());
        interest(SelectionKey.OP_WRITE);
    }

    private void flush() throws IOException {
        write(pending);
        if (!pending.hasRemaining() && flushed()) {
            releasePending();
            interest(SelectionKey.OP_READ);
        }
    }

    private void releasePending() {
        int size = pending.capacity();
        pending = null;
        io.budget().give(size);
    }

    @Override
    protected void release() {
        if (pending != null) {
            releasePending();
        }
    }

    /** Unsent bytes held for this connection, for tests. */
    int pendingBytes() {
        return pending == null ? 0 : pending.remaining();
    }
}
