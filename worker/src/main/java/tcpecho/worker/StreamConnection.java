package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import tcpecho.common.log.Log;

/**
 * What every accepted TCP connection of a small protocol shares: counting bytes into its
 * listener's counters, the activity flag the idle sweep reads, and closing (with RST on request)
 * with one log line. Subclasses hold only their protocol's state.
 */
abstract class StreamConnection extends IdleSweeper.Tracked implements ChannelHandler {
    protected final SocketChannel channel;
    protected final ListenerStats stats;
    private final Origin origin;
    private final Lingering lingering;
    protected SelectionKey key;
    private long bytesIn;
    private long bytesOut;
    private boolean closed;

    protected StreamConnection(SocketChannel channel, Origin origin, IoContext io, ListenerStats stats) {
        this.channel = channel;
        this.origin = origin;
        this.stats = stats;
        this.lingering = io.lingering();
    }

    /** Registers with {@code ops} and counts the connection as open. */
    protected final void register(Selector selector, int ops) throws IOException {
        key = channel.register(selector, ops, this);
        stats.opened();
    }

    /** Reads into {@code buffer}, counting what arrived; -1 at EOF as SocketChannel.read. */
    protected final int read(ByteBuffer buffer) throws IOException {
        int read = channel.read(buffer);
        if (read > 0) {
            bytesIn += read;
            active();
            stats.received(read);
        }
        return read;
    }

    protected final int write(ByteBuffer data) throws IOException {
        int written = channel.write(data);
        if (written > 0) {
            active();
        }
        bytesOut += written;
        stats.sent(written);
        return written;
    }

    /** Releases what the subclass holds beyond the socket; called once, before the socket closes. */
    protected void release() {
    }

    @Override
    public final void close(String reason) {
        close(reason, false);
    }

    /** @param linger hand the socket to {@link Lingering} after sending FIN instead of closing it now */
    private void close(String reason, boolean linger) {
        if (closed) {
            return;
        }
        closed = true;
        release();
        if (lingering.closeOrLinger(channel, key, linger)) {
            reason += ", lingering up to " + lingering.timeoutMillis() + " ms for the client to close";
        }
        if (key != null) {
            stats.closed();
        }
        Log.get().info("connection closed " + origin.client() + " on " + stats.name() + " in=" + bytesIn + " out=" + bytesOut
                + " (" + reason + ")");
    }

    /**
     * Closes with FIN, then (when linger-timeout is set) reads and drops what the client still
     * sends until it closes: closing with unread input would make the kernel send RST, which can
     * destroy what the client has not read yet.
     */
    protected final void closeLingering(String reason) {
        close(reason, lingering.enabled());
    }

    /** SO_LINGER 0, so that the close sends RST instead of FIN. */
    final void closeWithReset(String reason) {
        Sockets.lingerZero(channel);
        close(reason);
    }

    /**
     * Closes after idle-timeout; with send-reset, SO_LINGER 0 makes the close send RST instead of
     * FIN (the JDK then skips its shutdown of output on a still-registered channel). Without it,
     * the FIN is followed by a lingering close when linger-timeout is set.
     */
    @Override
    public final void closeIdle(long idleMillis, boolean reset) {
        String reason = "idle for " + idleMillis + " ms, past idle-timeout" + (reset ? ", reset" : "");
        if (reset) {
            closeWithReset(reason);
        } else {
            closeLingering(reason);
        }
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }
}
