package tcpecho.worker;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * TLS over a non-blocking socket with the JDK's {@link SSLEngine}, run by the worker's one thread.
 *
 * <p>The handshake advances whenever the key is ready, before the protocol hears of it; the
 * protocol's reads and writes return 0 until it is done. Delegated tasks (signatures, key
 * agreement, certificate checks: about a millisecond of CPU per handshake) run inline: a thread
 * pool would only move that CPU to another thread on the same cores, and would break the rule that
 * one thread owns every connection. What a stranger can make one handshake cost is bounded by
 * tls-handshake-timeout and by accepts per turn.
 *
 * <p>Memory: buffers are borrowed from the worker's {@link TlsBuffers} for each call; the
 * connection keeps only what is left over: a partial record in ({@code inNet}), plaintext the
 * protocol had no room for ({@code inPlain}, at most one record), records the socket did not take
 * ({@code outNet}, at most one write's batch). Each is charged to the worker's pending budget while
 * held. While records wait to be sent, {@link #write} takes nothing more, so unsent data stays
 * bounded as max-unsent says: the protocol holds its unsent bytes, the transport one batch.
 */
final class TlsTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SelectionKey key;
    private final SSLEngine engine;
    private final TlsBuffers shared;
    private final PendingBudget budget;
    private ByteBuffer inNet;
    private ByteBuffer inPlain;
    private ByteBuffer outNet;
    private boolean handshakeDone;
    /** close_notify or the socket's EOF arrived: nothing more will be decrypted. */
    private boolean inboundDone;
    /** The last read found only part of a record: more must come from the socket before inNet is worth a look. */
    private boolean needSocket;
    private int interest;
    /** shutdownOutput was asked for: the socket's output is shut once close_notify has been sent. */
    private boolean outputShutPending;

    TlsTransport(SocketChannel channel, SelectionKey key, SSLEngine engine, TlsBuffers shared, PendingBudget budget)
            throws SSLException {
        this.channel = channel;
        this.key = key;
        this.engine = engine;
        this.shared = shared;
        this.budget = budget;
        // Until begun, an engine says NOT_HANDSHAKING, which would read as "done".
        engine.beginHandshake();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!handshakeDone && !handshake()) {
            return 0;
        }
        int moved = takePlain(dst);
        if (dst.hasRemaining() && inPlain == null && !inboundDone) {
            moved += decrypt(dst);
        }
        return moved == 0 && inboundDone && inPlain == null ? -1 : moved;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!handshakeDone && !handshake() || !flush() || !src.hasRemaining()) {
            return 0;
        }
        int before = src.position();
        wrap(src);
        return src.position() - before;
    }

    @Override
    public boolean flushed() {
        return outNet == null;
    }

    @Override
    public void interest(int ops) {
        interest = ops;
        updateKey();
    }

    @Override
    public int interest() {
        return interest;
    }

    @Override
    public int ready(SelectionKey ready) throws IOException {
        if (outNet != null && ready.isWritable()) {
            flush();
        }
        if (!handshakeDone && !handshake()) {
            updateKey();
            return 0;
        }
        updateKey();
        return interest & (outNet == null ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    @Override
    public boolean established() {
        return handshakeDone;
    }

    @Override
    public boolean hasBufferedInput() {
        // After close_notify the protocol must still be told: the peer may keep its socket open.
        return handshakeDone && (inPlain != null || inboundDone || inNet != null && !needSocket);
    }

    /**
     * close_notify, then FIN once it has left. A TLS 1.3 peer may go on sending (half-close); a
     * TLS 1.2 engine closes its inbound side too, so a TLS 1.2 half-close ends both directions.
     */
    @Override
    public void shutdownOutput() throws IOException {
        engine.closeOutbound();
        outputShutPending = true;
        if (flush()) {
            wrap(EMPTY);
            flush();
        }
        updateKey();
    }

    @Override
    public void closing(boolean reset) {
        try {
            if (!reset) {
                // close_notify after a handshake, the alert that explains a failed one (s_client prints it).
                engine.closeOutbound();
                if (flush()) {
                    wrap(EMPTY);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // best effort: the socket closes next either way
        }
        inNet = release(inNet);
        inPlain = release(inPlain);
        outNet = release(outNet);
    }

    /** Sets the key from the protocol's interest and the transport's own needs. */
    private void updateKey() {
        if (!key.isValid()) {
            return;
        }
        int ops;
        if (!handshakeDone) {
            ops = outNet != null ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        } else if (outNet != null) {
            ops = SelectionKey.OP_WRITE | (interest & SelectionKey.OP_READ);
        } else {
            ops = interest;
        }
        key.interestOps(ops);
    }

    /** Advances the handshake as far as the socket allows; true once it is done. */
    private boolean handshake() throws IOException {
        while (true) {
            if (!flush()) {
                return false;
            }
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrap(EMPTY);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (inboundDone) {
                        throw new EOFException("closed during the TLS handshake");
                    }
                    if (!decryptForHandshake()) {
                        return false;
                    }
                }
                default -> {
                    handshakeDone = true;
                    return true;
                }
            }
        }
    }

    /** One step of unwrapping during the handshake; false when it must wait for the socket. */
    private boolean decryptForHandshake() throws IOException {
        ByteBuffer net = loadNet();
        boolean readSocket = false;
        try {
            while (true) {
                ByteBuffer plain = shared.plain.clear();
                SSLEngineResult result = engine.unwrap(net, plain);
                // A client may send data in the flight that ends its handshake: kept for the protocol.
                stash(plain.flip());
                switch (result.getStatus()) {
                    case CLOSED -> {
                        inboundDone = true;
                        return true;
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (readSocket || !readSocket(net)) {
                            needSocket = true;
                            return false;
                        }
                        readSocket = true;
                    }
                    case BUFFER_OVERFLOW -> throw new SSLException("a record larger than the application buffer");
                    default -> {
                        return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
                    }
                }
            }
        } finally {
            keepNet(net);
        }
    }

    /** Decrypts into {@code dst} what the socket has; returns the plaintext moved. */
    private int decrypt(ByteBuffer dst) throws IOException {
        ByteBuffer net = loadNet();
        boolean readSocket = false;
        int moved = 0;
        needSocket = false;
        try {
            while (dst.hasRemaining() && inPlain == null) {
                boolean direct = dst.remaining() >= shared.plain.capacity();
                ByteBuffer plain = direct ? dst : shared.plain.clear();
                SSLEngineResult result = engine.unwrap(net, plain);
                if (direct) {
                    moved += result.bytesProduced();
                } else {
                    plain.flip();
                    moved += copy(plain, dst);
                    stash(plain);
                }
                if (result.getStatus() == Status.CLOSED) {
                    inboundDone = true;
                    break;
                }
                if (result.getStatus() == Status.BUFFER_UNDERFLOW) {
                    if (readSocket || !readSocket(net)) {
                        needSocket = true;
                        break;
                    }
                    readSocket = true;
                    continue;
                }
                if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                    throw new SSLException("a record larger than the application buffer");
                }
                afterHandshakeMessage(result.getHandshakeStatus());
                if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                    break;
                }
            }
        } finally {
            keepNet(net);
        }
        return moved;
    }

    /** TLS 1.3 sends handshake messages after the handshake (session tickets, key updates): answer them now. */
    private void afterHandshakeMessage(HandshakeStatus status) throws IOException {
        if (status == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && flush()) {
            wrap(EMPTY);
        }
    }

    /** The shared inbound buffer, in read mode, holding what was left over last time. */
    private ByteBuffer loadNet() {
        ByteBuffer net = shared.netIn.clear();
        if (inNet != null) {
            net.put(inNet);
            inNet = release(inNet);
        }
        return net.flip();
    }

    /** Appends what the socket has to {@code net} (read mode); false at EOF or when nothing came. */
    private boolean readSocket(ByteBuffer net) throws IOException {
        net.compact();
        int read;
        try {
            read = channel.read(net);
        } finally {
            net.flip();
        }
        if (read < 0) {
            inboundDone = true;
            return false;
        }
        return read > 0;
    }

    /** Keeps what {@code net} still holds (a partial record, or records not decrypted yet) for next time. */
    private void keepNet(ByteBuffer net) {
        if (net.hasRemaining()) {
            inNet = hold(net);
        }
    }

    /** Keeps plaintext the protocol had no room for. */
    private void stash(ByteBuffer plain) {
        if (!plain.hasRemaining()) {
            return;
        }
        if (inPlain == null) {
            inPlain = hold(plain);
            return;
        }
        ByteBuffer joined = ByteBuffer.allocate(inPlain.remaining() + plain.remaining()).put(inPlain).put(plain).flip();
        release(inPlain);
        budget.take(joined.capacity());
        inPlain = joined;
    }

    private int takePlain(ByteBuffer dst) {
        if (inPlain == null) {
            return 0;
        }
        int moved = copy(inPlain, dst);
        if (!inPlain.hasRemaining()) {
            inPlain = release(inPlain);
        }
        return moved;
    }

    /** Encrypts {@code src} (as much as one batch holds) and sends it; what the socket does not take is kept. */
    private void wrap(ByteBuffer src) throws IOException {
        ByteBuffer out = shared.netOut.clear();
        do {
            if (out.remaining() < shared.packetSize) {
                break;
            }
            SSLEngineResult result = engine.wrap(src, out);
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            if (result.getStatus() != Status.OK || result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                break;
            }
        } while (src.hasRemaining() || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP);
        out.flip();
        channel.write(out);
        if (out.hasRemaining()) {
            outNet = hold(out);
        }
    }

    /** Sends what is kept; true when nothing is left (and then, after close_notify, shuts the socket's output). */
    private boolean flush() throws IOException {
        if (outNet != null) {
            channel.write(outNet);
            if (outNet.hasRemaining()) {
                return false;
            }
            outNet = release(outNet);
        }
        if (outputShutPending && engine.isOutboundDone()) {
            outputShutPending = false;
            channel.shutdownOutput();
        }
        return true;
    }

    private void runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    /** A buffer of exactly what {@code rest} holds, charged to the budget. */
    private ByteBuffer hold(ByteBuffer rest) {
        ByteBuffer held = ByteBuffer.allocate(rest.remaining()).put(rest).flip();
        budget.take(held.capacity());
        return held;
    }

    /** Gives {@code held} back to the budget; returns null to clear the field it came from. */
    private ByteBuffer release(ByteBuffer held) {
        if (held != null) {
            budget.give(held.capacity());
        }
        return null;
    }

    private static int copy(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        ByteBuffer slice = from.slice(from.position(), n);
        to.put(slice);
        from.position(from.position() + n);
        return n;
    }
}
