package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.tls.ServerTls;
import tcpecho.common.tls.TlsOptions;
import tcpecho.common.tls.TrustedCas;

/**
 * TLS echo on a selector the test drives: a client that does not read its echo stops the server
 * reading (max-unsent means what it does in plain TCP), what the connection holds stays bounded, and
 * it all goes back to the budget when the connection closes. (That the echo then resumes byte-exact
 * is TlsIT's socat run and an s_client whose output is held back; the JDK's own SSLSocket, reading
 * and writing from two threads, stalled in that part here on JDK 17.)
 */
class TlsEchoTest {
    private static final int CAP = 8 * 1024;
    /** What TLS may hold beyond the protocol's max-unsent: one batch of records out, a record in each form. */
    private static final int TLS_SLACK = (TlsBuffers.RECORDS_PER_WRITE + 2) * 16_709 + 16_384;

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Process openssl = new ProcessBuilder("../scripts/test-certs.sh", dir.toString()).inheritIO().start();
        assertEquals(0, openssl.waitFor(), "scripts/test-certs.sh failed");
    }

    @Test
    void aClientThatDoesNotReadStopsTheServerReadingAndHoldsABoundedAmount() throws Exception {
        ServerTls tls = ServerTls.load(new TlsOptions(dir.resolve("server-ec.pem"), dir.resolve("server-ec.key"), null,
                TlsOptions.DEFAULT_PROTOCOLS, 10_000));
        IoContext io = IoContext.create(CAP, 1 << 20, TestDefaults.CONNECTION_LIMITS);
        TlsListener listener = new TlsListener(tls, new TlsBuffers(tls.newEngine().getSession()), io.budget());
        try (Selector selector = Selector.open();
             ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            SSLSocket client = client(((InetSocketAddress) server.getLocalAddress()).getPort());
            client.setReceiveBufferSize(4096);
            SocketChannel accepted = server.accept();
            accepted.configureBlocking(false);
            accepted.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
            EchoConnection echo = EchoConnection.open(accepted, Origin.of(accepted), selector, io,
                    io.stats().listener("tls", false), listener);
            byte[] data = new byte[2 << 20];
            new Random(7).nextBytes(data);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    client.startHandshake();
                    client.getOutputStream().write(data);
                    client.getOutputStream().flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long[] most = {0};
            // Held back: records wait for the socket (the echo may hold none of its own: TLS took them all).
            // Waits for a steady state, 20 turns alike: the key is also write-only for a moment while the
            // handshake flushes, and the server rightly reads on after that.
            long[] last = {-1};
            int[] alike = {0};
            pump(selector, listener, io, () -> {
                long used = io.budget().used();
                boolean held = used > 0 && accepted.keyFor(selector).interestOps() == SelectionKey.OP_WRITE;
                alike[0] = held && used == last[0] ? alike[0] + 1 : 0;
                last[0] = used;
                return alike[0] >= 20;
            }, () -> most[0] = Math.max(most[0], io.budget().used()));
            // Nobody reads: the server must not read on (its interest is write only) and hold no more.
            long held = io.budget().used();
            for (int i = 0; i < 50; i++) {
                selector.select(EventLoop::dispatch, 10);
                listener.runTimers(System.nanoTime());
                io.bufferedInput().runTimers(System.nanoTime());
                most[0] = Math.max(most[0], io.budget().used());
            }
            assertEquals(held, io.budget().used(), "the server read on while its echo was not read");
            assertTrue(most[0] <= CAP + TLS_SLACK, "held " + most[0] + " bytes");

            echo.close("test done");
            // Not waited for: the JDK client's close can wait on its writer, which the close above unblocks.
            CompletableFuture.runAsync(() -> {
                try {
                    client.close();
                } catch (java.io.IOException ignored) {
                    // the server side is gone already
                }
            });
            assertEquals(0, io.budget().used(), "every held buffer went back to the budget");
        }
    }

    private static void pump(Selector selector, TlsListener listener, IoContext io, java.util.function.BooleanSupplier done,
                             Runnable eachTurn) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            selector.select(EventLoop::dispatch, 10);
            listener.runTimers(System.nanoTime());
            io.bufferedInput().runTimers(System.nanoTime());
            eachTurn.run();
        }
    }

    private static SSLSocket client(int port) throws Exception {
        SSLSocket socket = (SSLSocket) TrustedCas.clientContext(dir.resolve("ca.pem")).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        return socket;
    }
}
