package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One direction of a proxied connection, as in echo: read into the worker's shared buffer, write
 * on to the other side at once, and keep only what that write could not take (at most max-unsent
 * bytes, and within the worker's pending budget). While anything is kept, this direction does not
 * read: a slow receiver slows the sender down and memory stays bounded. At EOF the kept bytes are
 * flushed, then the other side's output is shut down, so a half-close passes through. Before the
 * upstream is connected, what the client sends is only kept, all of it: one read, then this
 * direction waits as it would for a slow receiver.
 *
 * <p>Both ends are {@link Transport}s, so either may be TLS: a TLS end may take all of a write yet
 * hold one batch of records the socket did not; this direction then reads no more until they have
 * gone, which keeps what a pair holds within max-unsent plus one batch each way.
 */
final class ProxyPipe {
    private final ProxyConnection pair;
    private final Transport from;
    private final Transport to;
    /** {@code c->s} or {@code s->c}, as in the dump. */
    final String direction;
    private final boolean fromClient;
    private ByteBuffer pending;
    /** Bytes at the front of {@code pending} that are our own PROXY header, not the client's: not counted. */
    private int headerLeft;
    private boolean eof;
    private boolean shut;
    private long bytes;
    /** This direction's faults; null (the plain path) when the connection drew none. */
    private FaultChain chain;

    ProxyPipe(ProxyConnection pair, Transport from, Transport to, boolean fromClient) {
        this.pair = pair;
        this.from = from;
        this.to = to;
        this.fromClient = fromClient;
        this.direction = fromClient ? "c->s" : "s->c";
    }

    boolean wantsRead() {
        return !eof && pending == null && to.flushed() && (chain == null || chain.wantsRead());
    }

    boolean wantsWrite() {
        return pending != null || !to.flushed() || chain != null && chain.blocked();
    }

    /** Whether a read now could find bytes no socket event will announce (TLS decrypts a record at a time). */
    boolean hasBufferedInput() {
        return wantsRead() && from.hasBufferedInput();
    }

    /** Puts this direction's faults between its read and its write. */
    void attach(FaultChain faults) {
        chain = faults;
    }

    /**
     * Writes what the faults let through now; a no-op without faults, before the upstream is there,
     * and while something is kept (a PROXY protocol header goes out first).
     */
    void pumpFaults(long now) throws IOException {
        if (chain != null && pair.isConnected() && pending == null) {
            chain.pump(now);
        }
    }

    /** Both done: EOF seen, everything passed on, and the other side told. */
    boolean isDone() {
        return shut;
    }

    long bytes() {
        return bytes;
    }

    void read() throws IOException {
        IoContext io = pair.proxy.io;
        ByteBuffer buffer = io.readBuffer();
        buffer.clear().limit(Math.min(buffer.capacity(), io.budget().readLimit(io.maxUnsentBytes())));
        if (chain != null) {
            buffer.limit(Math.min(buffer.limit(), chain.room()));
        }
        int read = from.read(buffer);
        if (read < 0) {
            eof = true;
            if (chain != null) {
                chain.eof();
            }
            passOnEofIfFlushed();
            return;
        }
        if (read == 0) {
            return;
        }
        pair.active();
        if (fromClient) {
            pair.proxy.stats.received(read);
        }
        buffer.flip();
        if (pair.proxy.dump != null) {
            pair.proxy.dump.chunk(pair.id, direction, buffer);
        }
        if (chain != null) {
            chain.offer(buffer, System.nanoTime());
            pumpFaults(System.nanoTime());
            return;
        }
        if (pair.isConnected()) {
            write(buffer);
        }
        if (buffer.hasRemaining()) {
            pending = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
            io.budget().take(pending.capacity());
        }
    }

    void flush() throws IOException {
        if (pending != null) {
            write(pending);
            if (pending.hasRemaining()) {
                return;
            }
            releasePending();
        }
        // With faults, this pumps the chain; without, a TLS end that just sent its last records passes the EOF on.
        passOnEofIfFlushed();
    }

    /**
     * Puts {@code header} (send-proxy-protocol) before anything kept from the client, to go out first
     * once the upstream is writable; this direction reads no more until it has.
     */
    void prepend(byte[] header) {
        int kept = pending == null ? 0 : pending.remaining();
        ByteBuffer joined = ByteBuffer.allocate(header.length + kept).put(header);
        if (pending != null) {
            joined.put(pending);
            release();
        }
        pending = joined.flip();
        pair.proxy.io.budget().take(pending.capacity());
        headerLeft = header.length;
    }

    /** Writes on to the other side, counting; what the faults' chain sends goes through here too. */
    int write(ByteBuffer data) throws IOException {
        int written = to.write(data);
        int ours = Math.min(headerLeft, Math.max(0, written));
        headerLeft -= ours;
        written -= ours;
        if (written > 0) {
            bytes += written;
            pair.active();
            if (!fromClient) {
                pair.proxy.stats.sent(written);
            }
        }
        return written;
    }

    /** At EOF with nothing kept, shuts the other side's output down (once); a no-op before the upstream is there. */
    void passOnEofIfFlushed() throws IOException {
        if (chain != null) {
            // The chain passes the EOF on through shutOutput(), after what it holds and slow-close.
            pumpFaults(System.nanoTime());
        } else if (eof && pending == null && to.flushed() && !shut && pair.isConnected()) {
            shutOutput();
        }
    }

    void shutOutput() throws IOException {
        if (!shut) {
            shut = true;
            to.shutdownOutput();
        }
    }

    /** Gives the kept bytes (and what the faults hold) back to the budget when the pair closes. */
    void release() {
        if (chain != null) {
            chain.release();
        }
        releasePending();
    }

    private void releasePending() {
        if (pending != null) {
            int size = pending.capacity();
            pending = null;
            pair.proxy.io.budget().give(size);
        }
    }
}
