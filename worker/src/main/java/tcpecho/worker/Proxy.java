package tcpecho.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.listener.ProxyOptions;
import tcpecho.common.listener.Upstream;
import tcpecho.common.log.Log;
import tcpecho.common.tls.TlsFileException;
import tcpecho.common.tls.UpstreamTls;

/**
 * The {@code proxy} protocol of one listener: each accepted client gets a {@link ProxyConnection}
 * to the upstream. Also the listener's connect-timeout timer: pairs whose upstream is not ready yet
 * are kept in the order their connects began, which is deadline order since every pair of a
 * listener has the same timeout.
 */
final class Proxy implements ProtocolHandler, Timed {
    final InheritedListener spec;
    final ProxyOptions options;
    /** The upstream's address, resolved once at start. */
    final InetSocketAddress upstream;
    final IoContext io;
    final ListenerStats stats;
    /** Null when dump is off, so the data path tests one reference and formats nothing. */
    final DumpSink dump;
    /** The client side's transports: the listener's, plain or TLS. */
    final TransportFactory clientTransports;
    /** With upstream-tls: the client context every upstream connection's engine comes from; else null. */
    private final UpstreamTls upstreamTls;
    /** Scratch buffers of the upstream engines, made with the first (one thread runs every pair, as for listeners). */
    private TlsBuffers upstreamBuffers;
    private final String idPrefix;
    private final long timeoutNanos;
    private final ArrayDeque<ProxyConnection> connecting = new ArrayDeque<>();
    private final ListenerFaults faults;
    private long nextId;

    Proxy(InheritedListener spec, ProxyOptions options, IoContext io, ListenerStats stats, int slot,
          TransportFactory clientTransports, ListenerFaults faults) throws IOException {
        this.faults = faults;
        this.spec = spec;
        this.options = options;
        this.upstream = resolve(spec, options.upstream());
        this.io = io;
        this.stats = stats;
        this.dump = DumpSink.open(options, spec.name());
        this.idPrefix = slot + ".";
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(options.connectTimeoutMillis());
        this.clientTransports = clientTransports;
        this.upstreamTls = options.upstreamTls() ? loadUpstreamTls(spec, options) : null;
    }

    /** The trust for upstream-tls, read now (every reload starts new workers, so it re-reads the bundle). */
    private static UpstreamTls loadUpstreamTls(InheritedListener spec, ProxyOptions options) {
        try {
            UpstreamTls tls = UpstreamTls.load(options.upstreamTlsCa());
            Log.get().info("listener '" + spec.name() + "': TLS to upstream " + options.upstream() + ", verifying its"
                    + " certificate against " + (options.upstreamTlsCa() == null ? "the JDK's default trust store"
                    : options.upstreamTlsCa()) + " and its name");
            return tls;
        } catch (TlsFileException e) {
            throw new IllegalArgumentException("listener '" + spec.name() + "' (proxy): upstream-tls-ca " + e.getMessage());
        }
    }

    /** The upstream side's transport for a new pair: plain, or TLS originated here with upstream-tls. */
    Transport upstreamTransport(SocketChannel channel, SelectionKey key) throws IOException {
        if (upstreamTls == null) {
            return new PlainTransport(channel, key);
        }
        SSLEngine engine = upstreamTls.newEngine(options.upstream().host(), options.upstream().port());
        if (upstreamBuffers == null) {
            upstreamBuffers = new TlsBuffers(engine.getSession());
        }
        return new TlsTransport(channel, key, engine, upstreamBuffers, io.budget());
    }

    /** A connect that begins now must be done (with upstream-tls, its handshake too) by this time. */
    long connectDeadline() {
        return System.nanoTime() + timeoutNanos;
    }

    /** Watches {@code pair} until its upstream is ready, closing it at its connect deadline. */
    void awaitUpstream(ProxyConnection pair) {
        connecting.add(pair);
    }

    /**
     * The upstream's address. Resolved here, once: a DNS lookup per connection would block the event
     * loop, and a worker is restarted by every reload anyway, which is when a changed address is
     * picked up. A name that does not resolve is a start-up error.
     */
    private static InetSocketAddress resolve(InheritedListener spec, Upstream upstream) {
        try {
            return new InetSocketAddress(InetAddress.getByName(upstream.host()), upstream.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("listener '" + spec.name() + "' (proxy): upstream host '"
                    + upstream.host() + "' does not resolve (" + e.getMessage() + ")");
        }
    }

    @Override
    public void serve(SocketChannel client, Origin origin, Selector selector) throws IOException {
        String id = idPrefix + ++nextId;
        if (dump != null) {
            dump.opened(id, origin);
        }
        ProxyConnection.open(this, id, client, origin, selector, faults);
    }

    @Override
    public long nanosUntilDue(long now) {
        dropSettled();
        return connecting.isEmpty() ? Long.MAX_VALUE : Math.max(0, connecting.peek().connectDeadline() - now);
    }

    @Override
    public void runTimers(long now) {
        dropSettled();
        while (!connecting.isEmpty() && now - connecting.peek().connectDeadline() >= 0) {
            connecting.poll().upstreamLate(options.connectTimeoutMillis());
            dropSettled();
        }
    }

    @Override
    public void reopenFiles() {
        if (dump != null) {
            dump.reopen();
        }
    }

    /** Pairs that connected or closed need no timer any more. */
    private void dropSettled() {
        while (!connecting.isEmpty() && (connecting.peek().upstreamReady() || connecting.peek().isClosed())) {
            connecting.poll();
        }
    }

    /** Names the listener and upstream in log lines: {@code proxy 'db' -> 10.0.0.5:5432}. */
    String describe() {
        return "proxy '" + spec.name() + "' -> " + options.upstream();
    }
}
