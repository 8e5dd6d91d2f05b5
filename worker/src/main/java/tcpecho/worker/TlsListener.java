package tcpecho.worker;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import tcpecho.common.tls.ServerTls;

/**
 * The TLS side of one listener: an engine per connection from the listener's {@link ServerTls}
 * (loaded when the worker starts, so every reload picks up renewed files) and the handshake
 * timeout, an event loop's timer: no thread sleeps or waits. Decrypted input the protocol has not
 * read yet gets its turn from the worker's {@link BufferedInputTurns}.
 */
final class TlsListener implements TransportFactory, Timed {
    private final ServerTls tls;
    private final TlsBuffers buffers;
    private final PendingBudget budget;
    private final long timeoutNanos;
    /** In accept order, which is deadline order: every connection of the listener has the same timeout. */
    private final ArrayDeque<Handshake> handshaking = new ArrayDeque<>();

    private record Handshake(Transport transport, TransportOwner owner, long deadline) {
    }

    TlsListener(ServerTls tls, TlsBuffers buffers, PendingBudget budget) {
        this.tls = tls;
        this.buffers = buffers;
        this.budget = budget;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(tls.options().handshakeTimeoutMillis());
    }

    @Override
    public Transport open(SocketChannel channel, SelectionKey key, TransportOwner owner) throws SSLException {
        Transport transport = new TlsTransport(channel, key, tls.newEngine(), buffers, budget);
        handshaking.add(new Handshake(transport, owner, System.nanoTime() + timeoutNanos));
        return transport;
    }

    @Override
    public long nanosUntilDue(long now) {
        dropSettled();
        return handshaking.isEmpty() ? Long.MAX_VALUE : Math.max(0, handshaking.peek().deadline - now);
    }

    @Override
    public void runTimers(long now) {
        dropSettled();
        while (!handshaking.isEmpty() && now - handshaking.peek().deadline >= 0) {
            Handshake late = handshaking.poll();
            late.owner.close("TLS handshake not finished within " + tls.options().handshakeTimeoutMillis() + " ms");
            dropSettled();
        }
    }

    private void dropSettled() {
        while (!handshaking.isEmpty() && (handshaking.peek().transport.established() || handshaking.peek().owner.isClosed())) {
            handshaking.poll();
        }
    }
}
