package tcpecho.master.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * {@code GET /metrics} over HTTP, from the JDK's own server (module jdk.httpserver) on one thread of
 * its own. It reads only the last published {@link MetricsSnapshot}, never the supervisor's state.
 */
public final class MetricsServer implements AutoCloseable {
    private final LongSupplier clock;
    private volatile MetricsSnapshot snapshot;
    private HttpServer server;
    private ExecutorService executor;
    private InetSocketAddress address;

    public MetricsServer(LongSupplier clock) {
        this.clock = clock;
    }

    /** Serves on {@code at} (null: not at all), replacing a server on another address; false if unchanged. */
    public boolean listen(InetSocketAddress at) throws IOException {
        if (at == null ? address == null : at.equals(address)) {
            return false;
        }
        HttpServer next = null;
        if (at != null) {
            try {
                next = HttpServer.create(at, 16);
            } catch (IOException failed) {
                throw new IOException("metrics: cannot listen on " + describe(at) + ": " + failed.getMessage(), failed);
            }
        }
        close();
        if (next != null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "metrics-http");
                thread.setDaemon(true);
                return thread;
            });
            next.setExecutor(executor);
            next.createContext("/", this::handle);
            next.start();
            server = next;
            address = at;
        }
        return true;
    }

    /** The address actually bound (port 0 resolved), or null when off. */
    public InetSocketAddress address() {
        return server == null ? null : server.getAddress();
    }

    public void publish(MetricsSnapshot next) {
        snapshot = next;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            MetricsSnapshot current = snapshot;
            if (!path.equals("/metrics")) {
                reply(exchange, 404, "text/plain; charset=utf-8", "not found: the metrics are at /metrics\n", method);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "method not allowed: use GET\n", method);
            } else if (current == null) {
                reply(exchange, 503, "text/plain; charset=utf-8", "the master is starting\n", method);
            } else {
                reply(exchange, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render(current, clock.getAsLong()), method);
            }
        }
    }

    private static void reply(HttpExchange exchange, int code, String type, String body, String method) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static String describe(InetSocketAddress at) {
        String host = at.getAddress().isAnyLocalAddress() ? "*" : at.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
            address = null;
        }
    }
}
