package tcpecho.master.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client of the metrics endpoint, read and written without blocking: the request head (up to a
 * fixed size, before a deadline), then one response, then a short linger that reads and discards
 * whatever else the client sent until it closes too, because closing a socket with unread bytes
 * sends RST and the client could lose the response it has not read yet.
 */
final class HttpConnection {
    enum Phase { READING, WRITING, LINGERING }

    final SocketChannel channel;
    final SelectionKey key;
    private final HttpLimits limits;
    private final RequestHead head;
    private ByteBuffer out;
    private Phase phase = Phase.READING;
    private long deadline;

    HttpConnection(SocketChannel channel, SelectionKey key, HttpLimits limits, long now) {
        this.channel = channel;
        this.key = key;
        this.limits = limits;
        this.head = new RequestHead(limits.maxHeadBytes());
        this.deadline = now + limits.requestTimeoutNanos();
    }

    Phase phase() {
        return phase;
    }

    boolean expired(long now) {
        return now - deadline >= 0;
    }

    /**
     * Reads what arrived: the parsed request once the head is complete (or wrong), else null. Throws
     * {@link ClosedByPeer} at the client's EOF: while lingering that is the expected end.
     */
    RequestHead.Parsed read() throws IOException {
        if (phase == Phase.LINGERING) {
            ByteBuffer discard = head.buffer().clear();
            int n;
            while ((n = channel.read(discard)) > 0) {
                discard.clear();
            }
            if (n < 0) {
                throw new ClosedByPeer();
            }
            return null;
        }
        int n = channel.read(head.buffer());
        if (n < 0) {
            throw new ClosedByPeer();
        }
        return n == 0 ? null : head.advance();
    }

    /** Starts sending {@code response}, which the client must take within the write timeout. */
    void respond(ByteBuffer response, long now) throws IOException {
        out = response;
        phase = Phase.WRITING;
        deadline = now + limits.writeTimeoutNanos();
        key.interestOps(SelectionKey.OP_WRITE);
        write(now);
    }

    /** Writes what the socket takes; once all is sent, half-closes and lingers. */
    void write(long now) throws IOException {
        channel.write(out);
        if (!out.hasRemaining()) {
            out = null;
            channel.shutdownOutput();
            phase = Phase.LINGERING;
            deadline = now + limits.lingerNanos();
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** The client closed its side: no error, the connection just ends. */
    static final class ClosedByPeer extends IOException {
        ClosedByPeer() {
            super("closed by the client");
        }
    }

    void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket we are done with: nothing to do about it
        }
    }
}
