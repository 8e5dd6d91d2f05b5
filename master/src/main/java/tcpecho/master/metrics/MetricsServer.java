package tcpecho.master.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * {@code GET /metrics} over HTTP from a small non-blocking server of our own ({@link HttpLoop}: why
 * not the JDK's HttpServer is said there) on one thread of its own. It reads only the last
 * published {@link MetricsSnapshot}, never the supervisor's state.
 */
public final class MetricsServer implements AutoCloseable {
    private static final String TEXT = "text/plain; charset=utf-8";

    private final LongSupplier clock;
    private final HttpLimits limits;
    private volatile MetricsSnapshot snapshot;
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
        if (at == null ? address == null : at.equals(address)) {
            return false;
        }
        HttpLoop next = null;
        if (at != null) {
            HttpStats stats = new HttpStats();
            try {
                next = HttpLoop.start(at, limits, stats, request -> answer(request, stats));
            } catch (IOException failed) {
                throw new IOException("metrics: cannot listen on " + describe(at) + ": " + failed.getMessage(), failed);
            }
        }
        close();
        loop = next;
        address = at;
        return true;
    }

    /** The address actually bound (port 0 resolved), or null when off. */
    public InetSocketAddress address() {
        return loop == null ? null : loop.address();
    }

    public void publish(MetricsSnapshot next) {
        snapshot = next;
    }

    /** Runs on the loop's thread, which alone touches {@code stats}. */
    private HttpResponse answer(RequestHead.Parsed request, HttpStats stats) {
        boolean head = request.method().equals("HEAD");
        MetricsSnapshot current = snapshot;
        if (request.status() != 0) {
            return HttpResponse.of(request.status(), TEXT, "bad request: this endpoint serves GET /metrics over HTTP/1.x\n",
                    false);
        } else if (!request.path().equals("/metrics")) {
            return HttpResponse.of(404, TEXT, "not found: the metrics are at /metrics\n", head);
        } else if (!head && !request.method().equals("GET")) {
            return HttpResponse.of(405, TEXT, "method not allowed: use GET\n", false, "Allow: GET, HEAD");
        } else if (current == null) {
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
