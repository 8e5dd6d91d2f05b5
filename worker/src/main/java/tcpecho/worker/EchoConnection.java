package tcpecho.worker;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import tcpecho.common.log.Log;

/**
 * One RFC 862 echo connection: every byte read is written back, in order.
 *
 * <p>Reads go through the worker's shared buffer and are written back at once, so an idle
 * connection or one whose peer keeps up holds no buffer. Only when the peer reads slower than it
 * sends does a write come up short; the rest is copied into a buffer of exactly that size and the
 * connection stops reading until it has been sent. A read never takes more than max-pending bytes,
 * which is what bounds that buffer.
 */
final class EchoConnection implements ChannelHandler, PendingBudget.Parked {
    private final SocketChannel channel;
    private final IoContext io;
    private SelectionKey key;
    private ByteBuffer pending;
    private long bytesIn;
    private long bytesOut;
    private boolean closed;
    /**
     * Set by every read or write that moved bytes; the idle sweeper turns it into {@link #lastActive}
     * once a second. A flag rather than a clock read keeps System.nanoTime() off the echo path.
     */
    private boolean activeSinceScan;
    /** System.nanoTime() at the last sweep that saw activity (or at accept); what idle-timeout measures from. */
    private long lastActive = System.nanoTime();

    private EchoConnection(SocketChannel channel, IoContext io) {
        this.channel = channel;
        this.io = io;
    }

    /** The echo {@link Protocol} over {@code io}. */
    static Protocol protocol(IoContext io) {
        return (channel, selector) -> open(channel, selector, io);
    }

    static EchoConnection open(SocketChannel channel, Selector selector, IoContext io) throws IOException {
        EchoConnection connection = new EchoConnection(channel, io);
        connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        io.stats().opened();
        return connection;
    }

    @Override
    public void handle(SelectionKey ready) throws IOException {
        if (ready.isWritable()) {
            flush();
        } else if (ready.isReadable()) {
            read();
        }
    }

    private void read() throws IOException {
        long room = Math.min(io.maxPendingBytes(), io.budget().available());
        if (room <= 0) {
            key.interestOps(0);
            io.budget().park(this);
            return;
        }
        ByteBuffer buffer = io.readBuffer();
        buffer.clear().limit((int) Math.min(buffer.capacity(), room));
        int read = channel.read(buffer);
        if (read < 0) {
            // Nothing is pending here (we only read with an empty backlog): the echo is complete.
            // No shutdownOutput first: closing a registered channel already makes the JDK send the FIN
            // (getsockopt SO_LINGER + shutdown), so ours was one more syscall per connection.
            close("closed by peer");
            return;
        }
        bytesIn += read;
        activeSinceScan |= read > 0;
        io.stats().received(read);
        buffer.flip();
        write(buffer);
        if (buffer.hasRemaining()) {
            keep(buffer);
        }
    }

    private void keep(ByteBuffer rest) {
        pending = ByteBuffer.allocate(rest.remaining()).put(rest).flip();
        io.budget().take(pending.capacity());
        key.interestOps(SelectionKey.OP_WRITE);
    }

    private void flush() throws IOException {
        write(pending);
        if (!pending.hasRemaining()) {
            releasePending();
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void write(ByteBuffer data) throws IOException {
        int written = channel.write(data);
        activeSinceScan |= written > 0;
        bytesOut += written;
        io.stats().sent(written);
    }

    private void releasePending() {
        int size = pending.capacity();
        pending = null;
        io.budget().give(size);
    }

    @Override
    public void resume() {
        if (!closed && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    @Override
    public void close(String reason) {
        close(reason, false);
    }

    /** @param linger hand the socket to {@link Lingering} after sending FIN instead of closing it now */
    private void close(String reason, boolean linger) {
        if (closed) {
            return;
        }
        closed = true;
        if (pending != null) {
            releasePending();
        }
        SocketAddress peer = peer();
        if (linger && io.lingering().begin(channel, key, System.nanoTime())) {
            reason += ", lingering up to " + io.limits().lingerTimeoutMillis() + " ms for the client to close";
        } else {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // the connection is being dropped either way; the kernel frees the socket
            }
        }
        io.stats().closed();
        Log.get().info("connection closed " + peer + " in=" + bytesIn + " out=" + bytesOut + " (" + reason + ")");
    }

    private SocketAddress peer() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException unknown) {
            return null;
        }
    }

    /**
     * How long this connection has gone without reading or writing a byte, as of the idle sweep at
     * {@code now}; activity since the previous sweep counts as happening at {@code now}, so the
     * measure is at most one sweep interval coarse, as the sweep itself is.
     */
    long idleNanos(long now) {
        if (activeSinceScan) {
            activeSinceScan = false;
            lastActive = now;
        }
        return now - lastActive;
    }

    /**
     * Closes after idle-timeout; with send-reset, SO_LINGER 0 makes the close send RST instead of
     * FIN (the JDK then skips its shutdown of output on a still-registered channel).
     */
    void closeIdle(long idleMillis, boolean reset) {
        if (reset) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                Log.get().debug("setsockopt(SO_LINGER, 0) failed: " + Log.describe(e));
            }
        }
        close("idle for " + idleMillis + " ms, past idle-timeout" + (reset ? ", reset" : ""),
                !reset && io.lingering().enabled());
    }

    /** Unsent bytes held for this connection, for tests and the drain log. */
    int pendingBytes() {
        return pending == null ? 0 : pending.remaining();
    }

    boolean isClosed() {
        return closed;
    }
}
