package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import tcpecho.common.log.Log;

/**
 * Connections the worker has closed its side of (FIN sent) while the client may still be sending:
 * each is read from and the bytes dropped until the client closes too or linger-timeout passes.
 *
 * <p>Closing a socket that still has unread bytes, or that receives more afterwards, makes Linux
 * answer with RST, and a RST destroys whatever echo the client had not read yet. SO_LINGER with a
 * timeout would not help: on Linux it makes close() block even on a non-blocking socket, which
 * would stall every connection of the worker. So the wait happens here, in the event loop, as
 * NGINX's lingering close does.
 */
final class Lingering implements Timed {
    private final long timeoutNanos;
    private final ByteBuffer discard;
    /** Deadlines come from one fixed timeout, so the queue is ordered by deadline as it is filled. */
    private final ArrayDeque<Connection> queue = new ArrayDeque<>();

    /** @param discard scratch buffer for the dropped bytes (the worker's shared read buffer) */
    Lingering(long timeoutMillis, ByteBuffer discard) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.discard = discard;
    }

    long timeoutMillis() {
        return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    }

    boolean enabled() {
        return timeoutNanos > 0;
    }

    /**
     * Sends FIN on {@code channel} and takes over its key. Returns false, having done nothing, when
     * the shutdown fails (the peer is already gone): the caller then simply closes.
     */
    boolean begin(SocketChannel channel, SelectionKey key, long now) {
        try {
            channel.shutdownOutput();
        } catch (IOException gone) {
            return false;
        }
        Connection connection = new Connection(channel, key, now + timeoutNanos);
        key.attach(connection);
        key.interestOps(SelectionKey.OP_READ);
        queue.add(connection);
        return true;
    }

    /**
     * With {@code linger}, hands the connection over as {@link #begin} does; otherwise, or when that
     * fails, cancels {@code key} (null: never registered) and closes {@code channel} now. True if it lingers.
     */
    boolean closeOrLinger(SocketChannel channel, SelectionKey key, boolean linger) {
        if (linger && key != null && begin(channel, key, System.nanoTime())) {
            return true;
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the connection is being dropped either way; the kernel frees the socket
        }
        return false;
    }

    @Override
    public long nanosUntilDue(long now) {
        Connection first = queue.peek();
        return first == null ? Long.MAX_VALUE : Math.max(0, first.deadline - now);
    }

    /** Closes the connections whose client did not close within linger-timeout. */
    @Override
    public void runTimers(long now) {
        for (Connection first = queue.peek(); first != null; first = queue.peek()) {
            if (!first.closed && now - first.deadline < 0) {
                return;
            }
            queue.poll();
            first.close("linger-timeout passed");
        }
    }

    /** One lingering socket: whatever arrives is dropped; EOF or an error ends it. */
    private final class Connection implements ChannelHandler {
        private final SocketChannel channel;
        private final SelectionKey key;
        private final long deadline;
        private boolean closed;

        Connection(SocketChannel channel, SelectionKey key, long deadline) {
            this.channel = channel;
            this.key = key;
            this.deadline = deadline;
        }

        @Override
        public void handle(SelectionKey ready) throws IOException {
            discard.clear();
            if (channel.read(discard) < 0) {
                close("client closed");
            }
        }

        @Override
        public void close(String reason) {
            if (closed) {
                return;
            }
            closed = true;
            key.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                Log.get().debug("close of a lingering connection failed: " + Log.describe(e));
            }
        }
    }
}
