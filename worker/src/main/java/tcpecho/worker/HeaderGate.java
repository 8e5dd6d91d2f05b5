package tcpecho.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import tcpecho.common.listener.ProxyProtocolOptions;
import tcpecho.common.log.Log;
import tcpecho.common.net.AccessList;
import tcpecho.common.wire.DropReason;
import tcpecho.worker.proxyheader.ProxyHeader;

/**
 * The PROXY protocol stage of one {@code proxy-protocol = true} listener, between accept and the
 * listener's gates and protocol, as NGINX's {@code listen ... proxy_protocol}: a connection must come
 * from an address in {@code proxy-protocol-from} (checked on the socket's peer, before a byte is
 * read: nobody else can make the worker hold a header), then begin with a valid header within
 * {@code proxy-protocol-timeout}. Then the access list, the per-IP limits and the protocol see the
 * original client the header names. Anything else closes that connection only, unserved, counted
 * under its reason; a trusted peer's bad or late header is also logged, one line each (a stranger's
 * refusals only in the listener's summary line, so a flood cannot flood the log).
 *
 * <p>Also the timer of its waiting connections: one timeout per listener, so they are queued in
 * deadline order and the loop's housekeeping checks only the oldest, as for proxy connects.
 * A waiting connection counts as one of the worker's open connections (max-connections, draining).
 */
final class HeaderGate implements Timed {
    /** What happens to a connection once its header is in: the listener's gates and protocol. */
    interface Next {
        void admit(SocketChannel channel, Origin origin, Selector selector);
    }

    private final AccessList trusted;
    private final long timeoutMillis;
    private final IoContext io;
    private final ListenerStats stats;
    private final boolean sendReset;
    private final Next next;
    private final long timeoutNanos;
    private final ArrayDeque<HeaderStage> waiting = new ArrayDeque<>();
    private Selector selector;

    HeaderGate(ProxyProtocolOptions options, IoContext io, ListenerStats stats, boolean sendReset, Next next) {
        this.trusted = options.trusted();
        this.timeoutMillis = options.timeoutMillis();
        this.io = io;
        this.stats = stats;
        this.sendReset = sendReset;
        this.next = next;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    IoContext io() {
        return io;
    }

    /** A just-accepted, non-blocking connection from {@code peer}: refused unless trusted, else waits for its header. */
    void begin(SocketChannel channel, InetSocketAddress peer, Selector selector, long now) {
        this.selector = selector;
        if (peer == null || !trusted.allows(peer.getAddress())) {
            // Closed as it is: a stranger costs no stage and no decoder, however many come.
            stats.dropped(DropReason.PROXY_UNTRUSTED, peer);
            Sockets.closeRefused(channel, sendReset, peer);
            return;
        }
        HeaderStage stage = new HeaderStage(this, channel, peer, now + timeoutNanos);
        try {
            stage.register(selector);
        } catch (IOException e) {
            stage.closeChannel(false);
            return;
        }
        io.stats().opened();
        waiting.add(stage);
    }

    void complete(HeaderStage stage, ProxyHeader header) {
        end(stage);
        next.admit(stage.channel, Origin.of(stage.channel, stage.peer, header), selector);
    }

    void refuseInvalid(HeaderStage stage, String why) {
        refuse(stage, DropReason.PROXY_INVALID, "PROXY protocol header from " + stage.peer + " refused: " + why);
    }

    void refuseMissing(HeaderStage stage, String why) {
        refuse(stage, DropReason.PROXY_INVALID, "connection from " + stage.peer + " " + why);
    }

    /** The loop closed the stage's channel (an I/O error, the worker exiting). */
    void abandon(HeaderStage stage, String reason) {
        end(stage);
        stage.closeChannel(false);
        stats.dropped(DropReason.PROXY_INVALID, stage.peer);
        Log.get().debug("listener '" + stats.name() + "': connection from " + stage.peer + " closed before its"
                + " PROXY protocol header (" + reason + ")");
    }

    private void refuse(HeaderStage stage, DropReason reason, String why) {
        end(stage);
        stage.closeChannel(sendReset);
        stats.dropped(reason, stage.peer);
        Log.get().warn("listener '" + stats.name() + "': " + why + " - closed unserved");
    }

    private void end(HeaderStage stage) {
        stage.finish();
        io.stats().closed();
    }

    @Override
    public long nanosUntilDue(long now) {
        dropFinished();
        return waiting.isEmpty() ? Long.MAX_VALUE : Math.max(0, waiting.peek().deadline - now);
    }

    @Override
    public void runTimers(long now) {
        dropFinished();
        while (!waiting.isEmpty() && now - waiting.peek().deadline >= 0) {
            HeaderStage late = waiting.poll();
            refuse(late, DropReason.PROXY_TIMEOUT, "connection from " + late.peer + " sent no complete PROXY protocol"
                    + " header within " + timeoutMillis + " ms (got " + late.seen() + ")");
            dropFinished();
        }
    }

    /** Connections waiting for their header, for tests. */
    int waiting() {
        dropFinished();
        return waiting.size();
    }

    private void dropFinished() {
        while (!waiting.isEmpty() && waiting.peek().isDone()) {
            waiting.poll();
        }
    }
}
