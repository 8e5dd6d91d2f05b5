package tcpecho.master.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import tcpecho.common.log.Log;

/**
 * The metrics endpoint's own HTTP/1.x server: one selector loop on one thread, every socket
 * non-blocking. Why not the JDK's HttpServer: it reads a request head on a blocking handler thread,
 * so one client that sends {@code G} and waits holds that thread, and N such clients hold N threads
 * (measured: one stalled client made every scrape wait 60+ s). Here a stalled client holds only a
 * slot among {@link HttpLimits#maxConnections()} and a head buffer until its deadline, and a scrape
 * is answered in the loop turn its request arrives, whatever the others do. When every slot is
 * taken, the oldest connection is closed to make room: the clients that hold slots longest are the
 * stalled ones (a scrape takes milliseconds), and refusing new ones instead would let a few
 * connections a second keep the scraper out.
 */
final class HttpLoop implements Runnable, AutoCloseable {
    /** Deep enough that a connect flood overflows no SYN queue before the loop accepts: a dropped SYN costs a scrape 1 s. */
    private static final int BACKLOG = 512;
    private static final int ACCEPTS_PER_TURN = 64;
    private static final long TURN_MILLIS = 100;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final HttpLimits limits;
    private final HttpStats stats;
    private final Function<RequestHead.Parsed, HttpResponse> answer;
    /** In accept order, so the first is the one to evict. */
    private final Set<HttpConnection> open = new LinkedHashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    private HttpLoop(ServerSocketChannel server, Selector selector, HttpLimits limits, HttpStats stats,
                     Function<RequestHead.Parsed, HttpResponse> answer) {
        this.server = server;
        this.selector = selector;
        this.limits = limits;
        this.stats = stats;
        this.answer = answer;
        this.thread = new Thread(this, "metrics-http");
        thread.setDaemon(true);
    }

    /** Binds {@code at} (throwing if it cannot) and starts the loop's thread. */
    static HttpLoop start(InetSocketAddress at, HttpLimits limits, HttpStats stats,
                          Function<RequestHead.Parsed, HttpResponse> answer) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(at, BACKLOG);
        } catch (IOException failed) {
            server.close();
            throw failed;
        }
        return serve(server, limits, stats, answer);
    }

    /** Starts the loop's thread on {@code server}, a socket already listening (bound here or handed in); closes it if it cannot. */
    static HttpLoop serve(ServerSocketChannel server, HttpLimits limits, HttpStats stats,
                          Function<RequestHead.Parsed, HttpResponse> answer) throws IOException {
        Selector selector = null;
        try {
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException failed) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            throw failed;
        }
        HttpLoop loop = new HttpLoop(server, selector, limits, stats, answer);
        loop.thread.start();
        return loop;
    }

    /** The listening socket, to hand to the master that replaces this one in a live upgrade. */
    ServerSocketChannel socket() {
        return server;
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException closed) {
            return null;
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    turn();
                } catch (IOException | RuntimeException failed) {
                    Log.get().error("metrics: HTTP loop: " + Log.describe(failed) + " - carrying on in 100 ms");
                    pause();
                }
            }
        } finally {
            open.forEach(HttpConnection::close);
            open.clear();
            closeQuietly();
        }
    }

    private void turn() throws IOException {
        selector.select(TURN_MILLIS);
        long now = System.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
            if (key.channel() == server) {
                accept(now);
            } else if (key.isValid()) {
                serve((HttpConnection) key.attachment(), now);
            }
        }
        selector.selectedKeys().clear();
        expire(now);
    }

    private void accept(long now) throws IOException {
        for (int i = 0; i < ACCEPTS_PER_TURN; i++) {
            SocketChannel channel = server.accept();
            if (channel == null) {
                return;
            }
            if (open.size() >= limits.maxConnections()) {
                makeRoom();
            }
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            HttpConnection connection = new HttpConnection(channel, key, limits, now);
            key.attach(connection);
            open.add(connection);
        }
    }

    /**
     * Closes one connection for a newcomer: the oldest that is only lingering (it has its answer),
     * else the oldest still sending its request, else the oldest of all; so a flood of new
     * connections does not cut off a scrape whose answer is on its way.
     */
    private void makeRoom() {
        HttpConnection victim = oldestIn(HttpConnection.Phase.LINGERING);
        if (victim == null) {
            victim = oldestIn(HttpConnection.Phase.READING);
        }
        if (victim == null) {
            victim = open.iterator().next();
        }
        if (victim.phase() != HttpConnection.Phase.LINGERING) {
            stats.evicted++;
        }
        victim.close();
        open.remove(victim);
    }

    private HttpConnection oldestIn(HttpConnection.Phase phase) {
        for (HttpConnection connection : open) {
            if (connection.phase() == phase) {
                return connection;
            }
        }
        return null;
    }

    /** One connection's event; any failure closes that connection only. */
    private void serve(HttpConnection connection, long now) {
        try {
            if (connection.phase() == HttpConnection.Phase.WRITING) {
                connection.write(now);
                return;
            }
            RequestHead.Parsed request = connection.read();
            if (request != null) {
                HttpResponse response = answer.apply(request);
                stats.answered(response.status());
                connection.respond(ByteBuffer.wrap(response.bytes()), now);
            }
        } catch (IOException | RuntimeException gone) {
            connection.close();
            open.remove(connection);
        }
    }

    /** Closes every connection past its deadline; one that had not been answered yet counts as timed out. */
    private void expire(long now) {
        for (Iterator<HttpConnection> it = open.iterator(); it.hasNext(); ) {
            HttpConnection connection = it.next();
            if (connection.expired(now)) {
                if (connection.phase() != HttpConnection.Phase.LINGERING) {
                    stats.timedOut++;
                }
                connection.close();
                it.remove();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(TURN_MILLIS);
        } catch (InterruptedException stop) {
            running = false;
        }
    }

    private void closeQuietly() {
        try {
            selector.close();
            server.close();
        } catch (IOException ignored) {
            // shutting the endpoint down: nothing is left to report it to
        }
    }

    /** Stops the loop, which closes every connection and the listening socket, and waits for it. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
