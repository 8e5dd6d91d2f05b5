package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import tcpecho.common.log.Log;

/**
 * What every accepted TCP connection of a small protocol shares: its {@link Transport} (plain or
 * TLS: every read and write goes through {@link #read} and {@link #write}), counting bytes into its
 * listener's counters, the activity flag the idle sweep reads, and closing (with RST on request)
 * with one log line. Subclasses hold only their protocol's state.
 */
abstract class StreamConnection extends IdleSweeper.Tracked implements ChannelHandler, TransportFactory.TransportOwner {
    /** Turns in a row a connection may read what its transport already holds before others get theirs. */
    static final int BUFFERED_READS_PER_TURN = 4;

    protected final SocketChannel channel;
    protected final ListenerStats stats;
    private final Origin origin;
    private final Lingering lingering;
    private final BufferedInputTurns bufferedInput;
    private final TransportFactory transports;
    protected SelectionKey key;
    private Transport transport;
    private long bytesIn;
    private long bytesOut;
    private boolean closed;

    protected StreamConnection(SocketChannel channel, Origin origin, IoContext io, ListenerStats stats,
                               TransportFactory transports) {
        this.channel = channel;
        this.origin = origin;
        this.stats = stats;
        this.lingering = io.lingering();
        this.bufferedInput = io.bufferedInput();
        this.transports = transports;
    }

    /** Registers with {@code ops} and counts the connection as open. */
    protected final void register(Selector selector, int ops) throws IOException {
        key = channel.register(selector, 0, this);
        transport = transports.open(channel, key, this);
        stats.opened();
        transport.interest(ops);
    }

    /** What the protocol wants next: {@code SelectionKey.OP_READ} and/or {@code OP_WRITE}, or 0. */
    protected final void interest(int ops) {
        transport.interest(ops);
    }

    /** Whether everything written so far has reached the kernel (TLS may hold one batch of records). */
    protected final boolean flushed() {
        return transport.flushed();
    }

    /** The protocol's turn: {@code readyOps} says what it may try now (a subset of its interest). */
    protected abstract void onReady(int readyOps) throws IOException;

    @Override
    public final void handle(SelectionKey ready) throws IOException {
        int ops = transport.ready(ready);
        if (ops != 0) {
            onReady(ops);
        }
        readBuffered();
    }

    @Override
    public final void resume() {
        try {
            readBuffered();
        } catch (IOException e) {
            close(Log.describe(e));
        }
    }

    /**
     * TLS can hold decrypted input no socket event will announce: the protocol reads it now, a few
     * times, then after the other connections' turn.
     */
    private void readBuffered() throws IOException {
        for (int i = 0; i < BUFFERED_READS_PER_TURN && wantsBuffered(); i++) {
            onReady(SelectionKey.OP_READ);
        }
        if (wantsBuffered()) {
            bufferedInput.later(this);
        }
    }

    /** Asks the transport first: a plain one answers false at once, so plain echo reads no key state here. */
    private boolean wantsBuffered() {
        return !closed && transport.hasBufferedInput() && (transport.interest() & SelectionKey.OP_READ) != 0;
    }

    /** Reads into {@code buffer}, counting what arrived; -1 at EOF as SocketChannel.read. */
    protected final int read(ByteBuffer buffer) throws IOException {
        int read = transport.read(buffer);
        if (read > 0) {
            bytesIn += read;
            active();
            stats.received(read);
        }
        return read;
    }

    protected final int write(ByteBuffer data) throws IOException {
        int written = transport.write(data);
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
        close(reason, false, false);
    }

    /**
     * @param linger hand the socket to {@link Lingering} after sending FIN instead of closing it now
     * @param reset  the close sends RST: TLS sends no close_notify before it
     */
    private void close(String reason, boolean linger, boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        release();
        if (transport != null) {
            transport.closing(reset);
        }
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
        close(reason, lingering.enabled(), false);
    }

    /** SO_LINGER 0, so that the close sends RST instead of FIN. */
    final void closeWithReset(String reason) {
        Sockets.lingerZero(channel);
        close(reason, false, true);
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
