package tcpecho.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/** Servers a proxy test points its upstream at, in the test JVM, on 127.0.0.1. */
final class Upstream implements AutoCloseable {
    /** What the server does with each connection. */
    interface Script {
        void serve(Socket connection) throws IOException;
    }

    private final ServerSocket server;
    private final List<AutoCloseable> held = new ArrayList<>();

    private Upstream(ServerSocket server) {
        this.server = server;
    }

    /** Runs {@code script} on a thread per accepted connection. */
    static Upstream start(Script script) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Upstream upstream = new Upstream(server);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    Thread handler = new Thread(() -> {
                        try (connection) {
                            script.serve(connection);
                        } catch (IOException ignored) {
                            // the proxy or the test went away
                        }
                    }, "upstream-connection");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "upstream-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return upstream;
    }

    /** Echo, passing EOF back as EOF. */
    static void echo(Socket connection) throws IOException {
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream();
        in.transferTo(out);
        connection.shutdownOutput();
    }

    /** Reads to EOF, then answers how much it got, then closes: a half-close must get through both ways. */
    static void countThenAnswer(Socket connection) throws IOException {
        long count = connection.getInputStream().transferTo(OutputStream.nullOutputStream());
        connection.getOutputStream().write(("got " + count + "\n").getBytes());
        connection.shutdownOutput();
    }

    /** Reads one byte, then resets the connection. */
    static void resetAfterOneByte(Socket connection) throws IOException {
        connection.getInputStream().read();
        connection.setSoLinger(true, 0);
        connection.close();
    }

    /** Never reads: what a client sends piles up until every buffer on the way is full. */
    static void deaf(Socket connection) throws IOException {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes zeros as fast as the proxy takes them, counting them in {@link #flooded}. */
    static void flood(Socket connection) throws IOException {
        byte[] chunk = new byte[16 * 1024];
        var out = connection.getOutputStream();
        for (;;) {
            out.write(chunk);
            FLOODED.addAndGet(chunk.length);
        }
    }

    static final java.util.concurrent.atomic.AtomicLong FLOODED = new java.util.concurrent.atomic.AtomicLong();

    int port() {
        return server.getLocalPort();
    }

    /**
     * A port whose accept queue is full and never drained: a connect to it gets no answer (Linux
     * drops the SYN), which is how a connect timeout is made on 127.0.0.1.
     */
    static Upstream blackHole() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        Upstream hole = new Upstream(listener.socket());
        hole.held.add(listener);
        for (int i = 0; i < 4; i++) {
            SocketChannel filler = SocketChannel.open();
            filler.configureBlocking(false);
            filler.connect(listener.getLocalAddress());
            hole.held.add(filler);
        }
        return hole;
    }

    /** A port where nothing listens: connects are refused. */
    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (AutoCloseable one : held) {
            one.close();
        }
    }
}
