package tcpecho.master.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.function.LongSupplier;

/**
 * {@code GET /metrics} and {@code GET /ready} over HTTP from a small non-blocking server of our own ({@link HttpLoop}: why
 * not the JDK's HttpServer is said there) on one thread of its own. It reads only the last
 * published {@link MetricsSnapshot} and {@link Readiness}, never the supervisor's state.
 */
public final class MetricsServer implements AutoCloseable {
    private static final String TEXT = "text/plain; charset=utf-8";

    private final LongSupplier clock;
    private final HttpLimits limits;
    private volatile MetricsSnapshot snapshot;
    private volatile Readiness readiness = Readiness.STARTING;
    private HttpLoop loop;
    private InetSocketAddress address;

    public MetricsServer(LongSupplier clock) {
        this(clock, HttpLimits.DEFAULT);
    }

    MetricsServer(LongSupplier clock, HttpLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /** Serves on {@code at} (null: not at all), replacing a server on another address; false if unchanged. */
    public boolean listen(InetSocketAddress at) throws IOException {
        return listen(at, null);
    }

    /**
     * As {@link #listen(InetSocketAddress)}, on {@code handedIn} when it is not null: a socket
     * already listening on {@code at}, from the master this one replaces (live upgrade) or systemd.
     */
    public boolean listen(InetSocketAddress at, ServerSocketChannel handedIn) throws IOException {
        if (at == null ? address == null : at.equals(address)) {
            return false;
        }
        HttpLoop next = null;
        if (at != null) {
            HttpStats stats = new HttpStats();
            try {
                next = handedIn != null ? HttpLoop.serve(handedIn, limits, stats, request -> answer(request, stats))
                        : HttpLoop.start(at, limits, stats, request -> answer(request, stats));
            } catch (IOException failed) {
                throw new IOException("metrics: cannot listen on " + describe(at) + ": " + failed.getMessage(), failed);
            }
        }
        close();
        loop = next;
        address = at;
        return true;
    }

    /** The listening socket (null when off), for a live upgrade to hand to the new master. */
    public ServerSocketChannel socket() {
        return loop == null ? null : loop.socket();
    }

    /** The address actually bound (port 0 resolved), or null when off. */
    public InetSocketAddress address() {
        return loop == null ? null : loop.address();
    }

    public void publish(MetricsSnapshot next) {
        snapshot = next;
    }

    /** Takes effect at the next request: a stop must turn {@code /ready} red at once, not at the next snapshot. */
    public void publish(Readiness next) {
        readiness = next;
    }

    /** Runs on the loop's thread, which alone touches {@code stats}. */
    private HttpResponse answer(RequestHead.Parsed request, HttpStats stats) {
        boolean head = request.method().equals("HEAD");
        if (request.status() != 0) {
            return HttpResponse.of(request.status(), TEXT,
                    "bad request: this endpoint serves GET /metrics and GET /ready over HTTP/1.x\n", false);
        } else if (!request.path().equals("/metrics") && !request.path().equals("/ready")) {
            return HttpResponse.of(404, TEXT, "not found: the metrics are at /metrics, readiness at /ready\n", head);
        } else if (!head && !request.method().equals("GET")) {
            return HttpResponse.of(405, TEXT, "method not allowed: use GET\n", false, "Allow: GET, HEAD");
        } else if (request.path().equals("/ready")) {
            Readiness now = readiness;
            return HttpResponse.of(now.status, TEXT, now.body, head);
        }
        MetricsSnapshot current = snapshot;
        if (current == null) {
            return HttpResponse.of(503, TEXT, "the master is starting\n", head);
        }
        return HttpResponse.of(200, PrometheusText.CONTENT_TYPE, PrometheusText.render(current, clock.getAsLong(), stats),
                head);
    }

    static String describe(InetSocketAddress at) {
        String host = at.getAddress().isAnyLocalAddress() ? "*" : at.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort();
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
            loop = null;
            address = null;
        }
    }
}
