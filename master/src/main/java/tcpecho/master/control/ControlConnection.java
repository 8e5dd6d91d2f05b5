package tcpecho.master.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import tcpecho.common.log.Log;
import tcpecho.common.wire.LineAssembler;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.MessageCodec;

/**
 * One accepted control connection: a worker or a CLI request.
 *
 * <p>{@link #send} never blocks its caller, the master thread: a peer that sends requests but never
 * reads the replies would otherwise fill the socket buffer and stall the whole master. Replies go
 * through a small queue that the {@link ControlLoop} writes out as the socket takes them; a peer that
 * lets the queue fill up is not reading, and is disconnected.
 */
public final class ControlConnection {
    static final int MAX_QUEUED_REPLIES = 64;
    /** Queued after the last reply by {@link #closeAfterFlush}; compared by identity. */
    private static final Message FLUSHED = Message.of("FLUSHED");

    private final long id;
    private final SocketChannel channel;
    private final ControlLoop loop;
    private final BlockingQueue<Message> outgoing = new ArrayBlockingQueue<>(MAX_QUEUED_REPLIES);
    private volatile String peer = "control connection";
    /** The loop's own: the partial line being read, the reply being written, the selection key. */
    final LineAssembler lines = new LineAssembler();
    private ByteBuffer writing;
    SelectionKey key;

    ControlConnection(long id, SocketChannel channel, ControlLoop loop) {
        this.id = id;
        this.channel = channel;
        this.loop = loop;
    }

    public long id() {
        return id;
    }

    SocketChannel channel() {
        return channel;
    }

    /** Names the peer in log lines once it has said who it is, e.g. {@code worker[2]}. */
    public void setPeer(String peer) {
        this.peer = peer;
    }

    public String peer() {
        return peer;
    }

    /** Queues one message; false (and the connection closed) if the peer is gone or not reading. */
    public boolean send(Message message) {
        if (!channel.isOpen()) {
            return false;
        }
        if (!outgoing.offer(message)) {
            Log.get().warn("closing " + peer + ": " + MAX_QUEUED_REPLIES + " replies unread");
            close();
            return false;
        }
        loop.flushSoon(this);
        return true;
    }

    /**
     * Writes queued replies until the socket takes no more (loop thread only). True when nothing is
     * left to write; the connection is closed here once {@link #closeAfterFlush}'s mark is reached.
     */
    boolean writeQueued() throws IOException {
        while (true) {
            if (writing == null) {
                Message next = outgoing.poll();
                if (next == null) {
                    return true;
                }
                if (next == FLUSHED) {
                    close();
                    return true;
                }
                writing = ByteBuffer.wrap(MessageCodec.encode(next).getBytes(StandardCharsets.UTF_8));
            }
            channel.write(writing);
            if (writing.hasRemaining()) {
                return false;
            }
            writing = null;
        }
    }

    /**
     * Closes once every reply queued so far is written. The master calls this when it handles the
     * peer's EOF, which comes after the peer's requests in its event queue, so a client that sends a
     * request and half-closes still gets its reply.
     */
    public void closeAfterFlush() {
        if (!outgoing.offer(FLUSHED)) {
            close();
            return;
        }
        loop.flushSoon(this);
    }

    /** Closes the connection; replies still queued are dropped. */
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the peer is gone either way
        }
        outgoing.clear();
        loop.wakeup();
    }

    public boolean isOpen() {
        return channel.isOpen();
    }
}
