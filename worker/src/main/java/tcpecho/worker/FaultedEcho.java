package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import tcpecho.common.fault.Fault;

/**
 * An echo connection that drew faults when it opened: what it reads goes through a
 * {@link FaultChain} (the upstream faults, then the downstream ones: on echo both act on the one
 * stream of bytes) and is echoed when the chain lets it. Connections without faults are plain
 * {@link EchoConnection}s, so faults cost them nothing.
 */
final class FaultedEcho extends StreamConnection implements FaultChain.Sink {
    private final IoContext io;
    private FaultChain chain;

    private FaultedEcho(SocketChannel channel, Origin origin, IoContext io, ListenerStats stats,
                        TransportFactory transports) {
        super(channel, origin, io, stats, transports);
        this.io = io;
    }

    static FaultedEcho open(SocketChannel channel, Origin origin, Selector selector, IoContext io, ListenerStats stats,
                            TransportFactory transports, List<Fault> faults, ListenerFaults source) throws IOException {
        FaultedEcho connection = new FaultedEcho(channel, origin, io, stats, transports);
        connection.register(selector, SelectionKey.OP_READ);
        long now = System.nanoTime();
        connection.chain = FaultChain.of(faults, connection, source.timers, io, source.random, now);
        connection.pumpAndWatch(now);
        return connection;
    }

    @Override
    protected void onReady(int readyOps) throws IOException {
        long now = System.nanoTime();
        if ((readyOps & SelectionKey.OP_READ) != 0 && chain.wantsRead()) {
            ByteBuffer buffer = io.readBuffer();
            buffer.clear().limit(Math.min(Math.min(buffer.capacity(), chain.room()),
                    io.budget().readLimit(io.maxUnsentBytes())));
            if (read(buffer) < 0) {
                chain.eof();
            } else {
                chain.offer(buffer.flip(), now);
            }
        }
        pumpAndWatch(now);
    }

    @Override
    public void wake(long now) {
        try {
            pumpAndWatch(now);
        } catch (IOException e) {
            close(e.getMessage());
        }
    }

    private void pumpAndWatch(long now) throws IOException {
        chain.pump(now);
        if (!isClosed()) {
            // TLS may have taken a write yet hold records the socket did not: wait for OP_WRITE then too.
            interest((chain.wantsRead() ? SelectionKey.OP_READ : 0)
                    | (chain.blocked() || !flushed() ? SelectionKey.OP_WRITE : 0));
        }
    }

    @Override
    public int send(ByteBuffer data) throws IOException {
        return write(data);
    }

    @Override
    public void end(boolean reset, String reason) {
        if (reset) {
            closeWithReset(reason);
        } else {
            closeLingering(reason);
        }
    }

    @Override
    public void passOnEof() {
        close("closed by peer");
    }

    @Override
    protected void release() {
        if (chain != null) {
            chain.release();
        }
    }

    /** Bytes the faults hold back, for tests. */
    int heldBytes() {
        return chain.heldBytes();
    }
}
