package tcpecho.master.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import tcpecho.common.log.Log;
import tcpecho.common.wire.ErrorReply;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.MessageCodec;

/**
 * The one thread that does all control-socket I/O: it accepts, reads and assembles lines, and writes
 * queued replies, for every connection, over one selector. It only decodes lines and hands them to
 * the {@link ControlListener}; all decisions are the master thread's.
 *
 * <p>A thread per connection (a reader and a writer each, plus an acceptor) made the master's thread
 * count grow with its workers: 21 threads with 2 workers, 24 with 4, against 14 for a bare JVM.
 *
 * <p>The loop outlives a {@link ControlServer}: a live upgrade closes the listening socket so that the
 * new master can bind its path, while workers and the requester stay connected here.
 */
public final class ControlLoop implements AutoCloseable {
    private static final int READ_BYTES = 4096;

    private final ControlListener listener;
    private final Lock descriptorLock;
    private final Selector selector;
    private final AtomicLong ids = new AtomicLong();
    /** Connections with replies queued by other threads, to flush from this loop. */
    private final Queue<ControlConnection> toFlush = new ConcurrentLinkedQueue<>();
    /** Listening sockets to register, handed over by other threads. */
    private final Queue<ServerSocketChannel> toAccept = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BYTES);
    private final Thread thread;
    private volatile boolean closing;

    /**
     * {@code descriptorLock}: the read side of the spawner's lock, held while accepting, because a
     * socket accepted mid-spawn would leak into the child.
     */
    public ControlLoop(ControlListener listener, Lock descriptorLock) throws IOException {
        this.listener = listener;
        this.descriptorLock = descriptorLock;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "control");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts accepting on {@code server} (non-blocking); closing it stops that. */
    void accept(ServerSocketChannel server) throws IOException {
        server.configureBlocking(false);
        toAccept.add(server);
        selector.wakeup();
    }

    /** Asks the loop to write what {@code connection} has queued; callable from any thread. */
    void flushSoon(ControlConnection connection) {
        toFlush.add(connection);
        selector.wakeup();
    }

    /** A channel closed by another thread keeps its descriptor until the loop's next select. */
    void wakeup() {
        selector.wakeup();
    }

    private void run() {
        while (!closing) {
            try {
                selector.select();
                registerServers();
                flushQueued();
                for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext();) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    handle(key);
                }
            } catch (ClosedSelectorException closed) {
                return;
            } catch (IOException | RuntimeException failed) {
                if (!closing) {
                    Log.get().error("control socket loop failed", failed);
                    pause();
                }
            }
        }
        // Replies queued before the master stopped (the answer to a stop request) still go out, as
        // far as the sockets take them without waiting.
        flushQueued();
        try {
            selector.close();
        } catch (IOException ignored) {
            // the loop is over either way
        }
    }

    private void registerServers() {
        for (ServerSocketChannel server; (server = toAccept.poll()) != null;) {
            try {
                server.register(selector, SelectionKey.OP_ACCEPT);
            } catch (ClosedChannelException lent) {
                // closed again before the loop got to it (a live upgrade lent the path at once)
            }
        }
    }

    private void flushQueued() {
        for (ControlConnection connection; (connection = toFlush.poll()) != null;) {
            flush(connection);
        }
    }

    /** An error on one connection closes that connection only. */
    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.channel() instanceof ServerSocketChannel server) {
            acceptOne(server);
            return;
        }
        ControlConnection connection = (ControlConnection) key.attachment();
        try {
            if (key.isValid() && key.isWritable()) {
                flush(connection);
            }
            if (key.isValid() && key.isReadable()) {
                read(key, connection);
            }
        } catch (RuntimeException failed) {
            Log.get().error("closing " + connection.peer() + ": control connection failed", failed);
            connection.close();
        }
    }

    private void acceptOne(ServerSocketChannel server) {
        SocketChannel channel;
        descriptorLock.lock();
        try {
            channel = server.accept();
        } catch (IOException failed) {
            if (server.isOpen()) {
                Log.get().error("control socket accept failed", failed);
            }
            return;
        } finally {
            descriptorLock.unlock();
        }
        if (channel == null) {
            return;
        }
        try {
            if (!ControlServer.PeerCheck.allowed(channel)) {
                channel.close();
                return;
            }
            channel.configureBlocking(false);
            ControlConnection connection = new ControlConnection(ids.incrementAndGet(), channel, this);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        } catch (IOException failed) {
            Log.get().warn("dropping a control connection: " + failed.getMessage());
            closeQuietly(channel);
        }
    }

    private void read(SelectionKey key, ControlConnection connection) {
        try {
            int count = connection.channel().read(readBuffer.clear());
            if (count > 0) {
                for (String line : connection.lines.feed(readBuffer.flip())) {
                    listener.received(connection, MessageCodec.decode(line));
                }
                return;
            }
            if (count == 0) {
                return;
            }
        } catch (MalformedMessageException malformed) {
            Log.get().warn("closing " + connection.peer() + ": malformed control message: " + malformed.getMessage());
            connection.send(new ErrorReply("malformed message: " + malformed.getMessage()).encode());
        } catch (IOException gone) {
            Log.get().debug(connection.peer() + " control connection failed: " + gone.getMessage());
        }
        // EOF, an error or a malformed line: read no more. The master closes the connection (after
        // writing any reply still queued) when it handles this event.
        key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        listener.closed(connection);
    }

    /** Writes what the socket takes now; the rest waits for OP_WRITE. */
    private void flush(ControlConnection connection) {
        SelectionKey key = connection.key;
        if (key == null || !key.isValid()) {
            return;
        }
        try {
            boolean drained = connection.writeQueued();
            if (!connection.isOpen()) {
                return;
            }
            int ops = key.interestOps();
            key.interestOps(drained ? ops & ~SelectionKey.OP_WRITE : ops | SelectionKey.OP_WRITE);
        } catch (IOException gone) {
            Log.get().debug("cannot write to " + connection.peer() + ": " + gone.getMessage());
            connection.close();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do for a connection we are dropping
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop; connections still open are left to the process's exit. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
    }
}
