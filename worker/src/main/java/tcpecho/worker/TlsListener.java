package tcpecho.worker;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import tcpecho.common.tls.ServerTls;

/**
 * The TLS side of one listener: an engine per connection from the listener's {@link ServerTls}
 * (loaded when the worker starts, so every reload picks up renewed files), the handshake timeout,
 * and the connections holding decrypted input the protocol has not read yet, which no socket event
 * would bring back to the protocol. Both are the event loop's timers: no thread sleeps or waits.
 */
final class TlsListener implements TransportFactory, Timed {
    private final ServerTls tls;
    private final TlsBuffers buffers;
    private final PendingBudget budget;
    private final long timeoutNanos;
    /** In accept order, which is deadline order: every connection of the listener has the same timeout. */
    private final ArrayDeque<Handshake> handshaking = new ArrayDeque<>();
    private List<TransportOwner> resumable = new ArrayList<>();

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

    /** {@code owner} holds input the protocol can read now: it gets its turn after this one. */
    void resumeLater(TransportOwner owner) {
        resumable.add(owner);
    }

    @Override
    public long nanosUntilDue(long now) {
        if (!resumable.isEmpty()) {
            return 0;
        }
        dropSettled();
        return handshaking.isEmpty() ? Long.MAX_VALUE : Math.max(0, handshaking.peek().deadline - now);
    }

    @Override
    public void runTimers(long now) {
        List<TransportOwner> due = resumable;
        resumable = new ArrayList<>();
        for (TransportOwner owner : due) {
            if (!owner.isClosed()) {
                owner.resume();
            }
        }
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
