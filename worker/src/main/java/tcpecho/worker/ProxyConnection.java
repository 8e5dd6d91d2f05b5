package tcpecho.worker;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLException;
import tcpecho.common.listener.SendProxyProtocol;
import tcpecho.common.log.Log;
import tcpecho.worker.proxyheader.ProxyHeaderEncoder;

/**
 * A client connection and its upstream connection, both on the worker's one selector, joined by a
 * {@link ProxyPipe} each way. Counts as one connection of its listener.
 *
 * <ul>
 * <li>The upstream connect begins once the client's transport is established: at once for a plain
 *     client, after its TLS handshake for a TLS one, so a stranger who never finishes a handshake
 *     costs no upstream connection. With upstream-tls, connect-timeout covers the connect and the
 *     upstream's handshake together.</li>
 * <li>The upstream connect is non-blocking. A refused or timed-out connect closes the client with
 *     RST: the client then sees the upstream's failure as a failure, not as an empty but orderly
 *     session.</li>
 * <li>During the connect the client is watched, so that one resetting is let go at once rather
 *     than at the connect timeout: its first chunk (at most max-unsent bytes) is read and kept for
 *     the upstream, then reading stops until the upstream is there. A reset cancels the connect;
 *     EOF is kept and passed on as a half-close once the upstream is there.</li>
 * <li>EOF from one side is passed on as shutdownOutput to the other once its pipe is flushed; the
 *     pair closes when both directions are done.</li>
 * <li>An error on one side (a reset, a broken pipe, a failed TLS handshake) closes the other side
 *     with RST (SO_LINGER 0), so a reset passes through too; it closes this pair only.</li>
 * <li>Each side's bytes go through its {@link Transport}: the client's is the listener's (plain, or
 *     TLS terminated here), the upstream's is plain or, with upstream-tls, TLS originated here,
 *     its handshake begun once the connect is done.</li>
 * </ul>
 */
final class ProxyConnection extends IdleSweeper.Tracked implements TransportFactory.TransportOwner {
    /** Turns in a row a pair may read what its TLS transports already hold before others get theirs. */
    private static final int BUFFERED_READS_PER_TURN = 4;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    final Proxy proxy;
    final String id;
    private final End client;
    private final End upstream;
    private ProxyPipe toUpstream;
    private ProxyPipe toClient;
    private long connectDeadline;
    private final Origin origin;
    private boolean connectStarted;
    private boolean connected;
    private boolean closed;
    /** The close sends RST: no TLS close_notify before it. */
    private boolean resetting;

    private ProxyConnection(Proxy proxy, String id, SocketChannel clientChannel, Origin origin,
                            SocketChannel upstreamChannel) {
        this.proxy = proxy;
        this.id = id;
        this.client = new End(clientChannel, "client");
        this.upstream = new End(upstreamChannel, "upstream");
        this.origin = origin;
    }

    /** Starts the upstream connect for an accepted client; failures close the client and are logged. */
    static ProxyConnection open(Proxy proxy, String id, SocketChannel clientChannel, Origin origin, Selector selector,
                                ListenerFaults faults) throws IOException {
        SocketChannel upstreamChannel = SocketChannel.open();
        ProxyConnection pair;
        try {
            upstreamChannel.configureBlocking(false);
            upstreamChannel.setOption(StandardSocketOptions.TCP_NODELAY, proxy.io.limits().tcpNoDelay());
            pair = new ProxyConnection(proxy, id, clientChannel, origin, upstreamChannel);
        } catch (IOException e) {
            upstreamChannel.close();
            throw e;
        }
        try {
            pair.client.key = clientChannel.register(selector, 0, pair.client);
            pair.upstream.key = upstreamChannel.register(selector, 0, pair.upstream);
            pair.client.transport = proxy.clientTransports.open(clientChannel, pair.client.key, pair);
            pair.upstream.transport = proxy.upstreamTransport(upstreamChannel, pair.upstream.key);
            pair.toUpstream = new ProxyPipe(pair, pair.client.transport, pair.upstream.transport, true);
            pair.toClient = new ProxyPipe(pair, pair.upstream.transport, pair.client.transport, false);
            pair.attachFaults(faults);
        } catch (IOException | RuntimeException e) {
            // The caller closes the client it handed us; the upstream socket is ours to close.
            upstreamChannel.close();
            throw e;
        }
        proxy.stats.opened();
        if (pair.client.transport.established()) {
            pair.startConnect();
        } else {
            pair.updateInterest();
        }
        return pair;
    }

    /** Begins the upstream connect; its deadline (connect-timeout) starts now. */
    private void startConnect() {
        connectStarted = true;
        connectDeadline = proxy.connectDeadline();
        try {
            if (upstream.channel.connect(proxy.upstream)) {
                connected();
            } else {
                upstream.key.interestOps(SelectionKey.OP_CONNECT);
                updateInterest();
            }
        } catch (IOException e) {
            connectFailed(Log.describe(e));
        }
        if (!closed && !upstreamReady()) {
            proxy.awaitUpstream(this);
        }
    }

    /** Rolls the listener's faults for this pair; the directions that draw some get a chain. */
    private void attachFaults(ListenerFaults faults) {
        ListenerFaults.Plan plan = faults.plan();
        if (plan == null) {
            return;
        }
        long now = System.nanoTime();
        toUpstream.attach(FaultChain.of(plan.upstream(), new FaultSink(toUpstream, upstream), faults.timers, proxy.io,
                faults.random, now));
        toClient.attach(FaultChain.of(plan.downstream(), new FaultSink(toClient, client), faults.timers, proxy.io,
                faults.random, now));
    }

    /** A fault's wake-up: what fell due is written, and the pair's interest follows. */
    private void wake(long now) {
        if (closed) {
            return;
        }
        try {
            toUpstream.pumpFaults(now);
            toClient.pumpFaults(now);
        } catch (IOException e) {
            close(Log.describe(e));
            return;
        }
        settle();
    }

    private void finishConnect() {
        try {
            if (upstream.channel.finishConnect()) {
                connected();
            }
        } catch (IOException e) {
            connectFailed("connect failed: " + Log.describe(e));
        }
    }

    private void connected() {
        connected = true;
        Log.get().debug(proxy.describe() + ": conn " + id + " from " + origin.client() + " connected");
        if (proxy.options.sendProxyProtocol() != SendProxyProtocol.OFF) {
            toUpstream.prepend(proxyHeader(proxy.options.sendProxyProtocol()));
        }
        try {
            // A TLS upstream hears from us first: the ClientHello goes out now.
            upstream.transport.write(NOTHING);
            // A client that half-closed during the connect with nothing kept: pass the EOF on now.
            toUpstream.passOnEofIfFlushed();
        } catch (IOException e) {
            reset(upstream, e);
            return;
        }
        updateInterest();
        // What a TLS client sent during the connect may wait decrypted in its transport.
        readBuffered();
    }

    /** The header that tells the upstream who the client is: the original one when a balancer's header named it. */
    private byte[] proxyHeader(SendProxyProtocol version) {
        if (origin.client() == null || origin.server() == null) {
            return ProxyHeaderEncoder.unknown(version == SendProxyProtocol.V1 ? 1 : 2);
        }
        return version == SendProxyProtocol.V1 ? ProxyHeaderEncoder.v1(origin.client(), origin.server())
                : ProxyHeaderEncoder.v2(origin.client(), origin.server());
    }

    /** Gives up on the upstream: logs why, and closes the client with RST. */
    void connectFailed(String reason) {
        if (closed || upstreamReady()) {
            return;
        }
        Log.get().warn(proxy.describe() + ": conn " + id + " from " + origin.client() + ": " + reason
                + " - closing the client with RST");
        resetOnClose(client);
        close("upstream " + reason);
    }

    /** Sets both keys' interest from the pipes' state; while connecting, only the client's. */
    void updateInterest() {
        if (closed) {
            return;
        }
        if (!connected) {
            client.transport.interest(toUpstream.wantsRead() ? SelectionKey.OP_READ : 0);
            return;
        }
        client.transport.interest((toUpstream.wantsRead() ? SelectionKey.OP_READ : 0)
                | (toClient.wantsWrite() ? SelectionKey.OP_WRITE : 0));
        upstream.transport.interest((toClient.wantsRead() ? SelectionKey.OP_READ : 0)
                | (toUpstream.wantsWrite() ? SelectionKey.OP_WRITE : 0));
    }

    private void handle(End end, SelectionKey ready) {
        if (closed) {
            return;
        }
        if (!connected && end == upstream) {
            if (ready.isConnectable()) {
                finishConnect();
            }
            return;
        }
        int ops;
        try {
            ops = end.transport.ready(ready);
        } catch (IOException e) {
            reset(end, e);
            return;
        }
        if (!connectStarted && client.transport.established()) {
            startConnect();
            if (closed) {
                return;
            }
        }
        if (!connected) {
            if ((ops & SelectionKey.OP_READ) != 0) {
                readWhileConnecting();
            }
            return;
        }
        ProxyPipe out = end == client ? toUpstream : toClient;
        ProxyPipe in = end == client ? toClient : toUpstream;
        try {
            if ((ops & SelectionKey.OP_WRITE) != 0 && in.wantsWrite()) {
                in.flush();
            }
            if ((ops & SelectionKey.OP_READ) != 0) {
                out.read();
            }
        } catch (IOException e) {
            reset(end, e);
            return;
        }
        settle();
        readBuffered();
    }

    /** Closes the pair once both directions are done, else sets the keys for what comes next. */
    private void settle() {
        if (toUpstream.isDone() && toClient.isDone()) {
            close("both sides closed");
        } else {
            updateInterest();
        }
    }

    @Override
    public void resume() {
        readBuffered();
    }

    /**
     * TLS can hold decrypted input no socket event will announce: each pipe reads it now, a few
     * times, then after the other connections' turn ({@link BufferedInputTurns} calls {@link #resume}).
     */
    private void readBuffered() {
        for (int i = 0; i < BUFFERED_READS_PER_TURN && !closed && connected; i++) {
            boolean fromClient = toUpstream.hasBufferedInput();
            boolean fromUpstream = toClient.hasBufferedInput();
            if (!fromClient && !fromUpstream) {
                return;
            }
            try {
                if (fromClient) {
                    toUpstream.read();
                }
                if (fromUpstream && !closed) {
                    toClient.read();
                }
            } catch (IOException e) {
                reset(fromUpstream ? upstream : client, e);
                return;
            }
            settle();
        }
        if (!closed && connected && (toUpstream.hasBufferedInput() || toClient.hasBufferedInput())) {
            proxy.io.bufferedInput().later(this);
        }
    }

    /**
     * The client spoke before the upstream was there: keep its first chunk for the upstream, or give
     * up on a client that reset. EOF is not a reason to give up: read() cannot tell a client that
     * left from one that half-closed with nothing to say (a client of a server-speaks-first
     * protocol, {@code nc -N < /dev/null}), and half-close must pass through. So the EOF waits, like
     * the chunk, for the upstream, which gets it as shutdownOutput; a client that did leave costs a
     * descriptor until the connect ends, at most connect-timeout.
     */
    private void readWhileConnecting() {
        try {
            toUpstream.read();
        } catch (IOException e) {
            cancelConnect("client " + Log.describe(e));
            return;
        }
        updateInterest();
    }

    private void cancelConnect(String reason) {
        resetOnClose(client);
        close(reason + ", connect cancelled");
    }

    /** An error on {@code failed}: the other side learns of it by RST. */
    private void reset(End failed, IOException cause) {
        End other = failed == client ? upstream : client;
        if (cause instanceof SSLException) {
            Log.get().warn(proxy.describe() + ": conn " + id + " from " + origin.client() + ": TLS with the " + failed.role
                    + " failed: " + cause.getMessage());
        }
        resetOnClose(other);
        close(failed.role + " " + Log.describe(cause) + ", reset " + other.role);
    }

    /** The close sends RST on {@code end} (SO_LINGER 0), and no TLS close_notify on either side. */
    private void resetOnClose(End end) {
        resetting = true;
        Sockets.lingerZero(end.channel);
    }

    /**
     * Closes both sides at once: with RST on both when {@code reset} (as a broken link would), else
     * with FIN, lingering if configured.
     */
    private void closeBoth(String reason, boolean reset) {
        if (reset) {
            resetOnClose(client);
            resetOnClose(upstream);
        }
        close(reason, !reset && proxy.io.lingering().enabled());
    }

    @Override
    public void close(String reason) {
        close(reason, false);
    }

    /** @param linger send FIN on both sockets and let {@link Lingering} close them once their peers have */
    private void close(String reason, boolean linger) {
        if (closed) {
            return;
        }
        closed = true;
        if (toUpstream != null) {
            toUpstream.release();
            toClient.release();
        }
        client.closing(resetting);
        upstream.closing(resetting || !connected);
        client.release(linger);
        upstream.release(linger);
        proxy.stats.closed();
        Log.get().info("connection closed " + origin.client() + " on " + proxy.spec.name() + " conn " + id
                + " in=" + (toUpstream == null ? 0 : toUpstream.bytes()) + " out=" + (toClient == null ? 0 : toClient.bytes())
                + " (" + reason + ")");
    }

    long connectDeadline() {
        return connectDeadline;
    }

    /** The upstream connect is done and, with upstream-tls, so is its handshake: connect-timeout no longer applies. */
    boolean upstreamReady() {
        return connected && upstream.transport.established();
    }

    /** connect-timeout passed before {@link #upstreamReady}: the connect or the upstream's TLS handshake is late. */
    void upstreamLate(long timeoutMillis) {
        connectFailed(connected ? "TLS handshake with the upstream not finished within connect-timeout " + timeoutMillis
                + " ms" : "connect timed out after " + timeoutMillis + " ms");
    }

    boolean isConnected() {
        return connected;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void closeIdle(long idleMillis, boolean reset) {
        closeBoth("idle for " + idleMillis + " ms, past idle-timeout" + (reset ? ", reset" : ""), reset);
    }

    /** Where one direction's faults write, and what they do to the pair. */
    private final class FaultSink implements FaultChain.Sink {
        private final ProxyPipe pipe;
        private final End receiver;

        FaultSink(ProxyPipe pipe, End receiver) {
            this.pipe = pipe;
            this.receiver = receiver;
        }

        @Override
        public int send(ByteBuffer data) throws IOException {
            return pipe.write(data);
        }

        /** A reset reaches both sides, as a broken link would; a close sends FIN and lingers if configured. */
        @Override
        public void end(boolean reset, String reason) {
            closeBoth(reason + " (" + receiver.role + " side)", reset);
        }

        @Override
        public void passOnEof() throws IOException {
            pipe.shutOutput();
        }

        @Override
        public void wake(long now) {
            ProxyConnection.this.wake(now);
        }
    }

    /** One of the two sockets, as the event loop sees it; both lead to this pair. */
    private final class End implements ChannelHandler, IdleSweeper.Sweepable {
        final SocketChannel channel;
        final String role;
        SelectionKey key;
        Transport transport;

        End(SocketChannel channel, String role) {
            this.channel = channel;
            this.role = role;
        }

        @Override
        public void handle(SelectionKey ready) {
            ProxyConnection.this.handle(this, ready);
        }

        @Override
        public void close(String reason) {
            ProxyConnection.this.close(reason);
        }

        /** TLS says close_notify (unless the pair resets) and gives its buffers back. */
        void closing(boolean reset) {
            if (transport != null) {
                transport.closing(reset);
            }
        }

        void release(boolean linger) {
            proxy.io.lingering().closeOrLinger(channel, key, linger);
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public long idleNanos(long now) {
            return ProxyConnection.this.idleNanos(now);
        }

        @Override
        public void closeIdle(long idleMillis, boolean reset) {
            ProxyConnection.this.closeIdle(idleMillis, reset);
        }
    }
}
