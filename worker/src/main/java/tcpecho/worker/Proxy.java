package tcpecho.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.listener.ProxyOptions;
import tcpecho.common.listener.Upstream;

/**
 * The {@code proxy} protocol of one listener: each accepted client gets a {@link ProxyConnection}
 * to the upstream. Also the listener's connect-timeout timer: pairs still connecting are kept in
 * accept order, which is deadline order since every pair of a listener has the same timeout.
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
    private final String idPrefix;
    private final long timeoutNanos;
    private final ArrayDeque<ProxyConnection> connecting = new ArrayDeque<>();
    private final ListenerFaults faults;
    private long nextId;

    Proxy(InheritedListener spec, ProxyOptions options, IoContext io, ListenerStats stats, int slot,
          ListenerFaults faults) throws IOException {
        this.faults = faults;
        this.spec = spec;
        this.options = options;
        this.upstream = resolve(spec, options.upstream());
        this.io = io;
        this.stats = stats;
        this.dump = DumpSink.open(options, spec.name());
        this.idPrefix = slot + ".";
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(options.connectTimeoutMillis());
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
        ProxyConnection pair = ProxyConnection.open(this, id, client, origin, selector, System.nanoTime() + timeoutNanos,
                faults);
        if (!pair.isConnected() && !pair.isClosed()) {
            connecting.add(pair);
        }
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
            connecting.poll().connectFailed("connect timed out after " + options.connectTimeoutMillis() + " ms");
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
        while (!connecting.isEmpty() && (connecting.peek().isConnected() || connecting.peek().isClosed())) {
            connecting.poll();
        }
    }

    /** Names the listener and upstream in log lines: {@code proxy 'db' -> 10.0.0.5:5432}. */
    String describe() {
        return "proxy '" + spec.name() + "' -> " + options.upstream();
    }
}
