package tcpecho.bench.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import tcpecho.bench.FailureKind;
import tcpecho.bench.Failures;

/**
 * Shared life of one client connection on an {@link EventLoop}: non-blocking connect, verified
 * reads, and failure bookkeeping (each connection fails at most once). Modes add the rest.
 */
public abstract class EchoConnection implements EventLoop.Handler {
    protected final EventLoop loop;
    protected final EchoStream stream;
    protected final Failures failures;
    protected SocketChannel channel;
    protected SelectionKey key;
    protected final long startedNanos = System.nanoTime();
    // Volatile: coordinating threads (pacer, phase control) read these.
    private volatile boolean connected;
    private volatile boolean done;

    protected EchoConnection(EventLoop loop, EchoStream stream, Failures failures) {
        this.loop = loop;
        this.stream = stream;
        this.failures = failures;
    }

    /** Starts a non-blocking connect; a failure to even start is recorded, not thrown. */
    public final void connect(InetSocketAddress target) {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean now = channel.connect(target);
            key = loop.register(channel, now ? 0 : SelectionKey.OP_CONNECT, this);
            if (now) {
                becomeConnected();
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public final void ready(SelectionKey k) throws IOException {
        if (k.isConnectable()) {
            channel.finishConnect();
            becomeConnected();
            return;
        }
        if (k.isReadable()) {
            onReadable();
        }
        if (k.isValid() && k.isWritable()) {
            onWritable();
        }
    }

    private void becomeConnected() throws IOException {
        connected = true;
        key.interestOps(0);
        onConnected();
    }

    protected abstract void onConnected() throws IOException;

    protected abstract void onReadable() throws IOException;

    protected void onWritable() throws IOException {
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
    }

    /** Called once when this connection ends, successfully or not. */
    protected void onDone(boolean success) {
    }

    /**
     * Reads what is available and verifies it. Returns the number of verified bytes, or -1 once
     * this connection has failed (early EOF or wrong bytes).
     */
    protected final int readAndVerify() throws IOException {
        ByteBuffer buf = loop.readBuffer();
        buf.clear();
        int n = channel.read(buf);
        if (n < 0) {
            fail(FailureKind.EARLY_EOF, "server closed after " + stream.verified() + " of "
                    + stream.sent() + " bytes echoed");
            return -1;
        }
        buf.flip();
        if (!stream.verify(buf)) {
            fail(FailureKind.WRONG_BYTES, "first wrong byte at stream offset " + stream.mismatchAt());
            return -1;
        }
        return n;
    }

    @Override
    public final void failed(Exception e) {
        if (e instanceof EOFException) {
            fail(FailureKind.EARLY_EOF, e.getMessage());
        } else {
            fail(FailureKind.classify(e, !connected), String.valueOf(e.getMessage()));
        }
    }

    /** Records one failure of this connection and closes it; later calls do nothing. */
    public final void fail(FailureKind kind, String detail) {
        if (done) {
            return;
        }
        failures.record(kind, detail);
        finish(false);
    }

    /** Ends this connection as a success (closing it) unless it already ended. */
    protected final void succeed() {
        if (!done) {
            finish(true);
        }
    }

    private void finish(boolean success) {
        done = true;
        if (key != null) {
            EventLoop.closeQuietly(key);
        } else if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Abandoned connection; nothing more to learn from its close.
            }
        }
        onDone(success);
    }

    public final boolean isDone() {
        return done;
    }

    public final boolean isConnected() {
        return connected;
    }

    /** Fails this connection with a timeout of the phase it is in. */
    public final void timeOut(String detail) {
        fail(connected ? FailureKind.READ_TIMEOUT : FailureKind.CONNECT_TIMEOUT, detail);
    }
}
