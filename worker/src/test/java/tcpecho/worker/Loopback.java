package tcpecho.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Real loopback connections served by {@link EchoConnection}s on a selector the test drives. */
final class Loopback implements AutoCloseable {
    final Selector selector;
    final IoContext io;
    private final ServerSocketChannel server;

    Loopback(int maxUnsentBytes, long budgetBytes) throws IOException {
        selector = Selector.open();
        io = IoContext.create(maxUnsentBytes, budgetBytes, TestDefaults.CONNECTION_LIMITS);
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** A blocking client socket whose server side is an EchoConnection; small buffers make backpressure quick. */
    Pair connect(boolean smallBuffers) throws IOException {
        SocketChannel client = SocketChannel.open();
        if (smallBuffers) {
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        }
        client.connect(server.getLocalAddress());
        SocketChannel accepted = server.accept();
        accepted.configureBlocking(false);
        if (smallBuffers) {
            accepted.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
        }
        return new Pair(client, EchoConnection.open(accepted, Origin.of(accepted), selector, io,
                io.stats().listener("loopback", false)));
    }

    /** Runs ready handlers until {@code done} holds; fails at the deadline. */
    void pumpUntil(BooleanSupplier done, Duration timeout, Runnable eachTurn) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + timeout);
            }
            selector.select(EventLoop::dispatch, 10);
            eachTurn.run();
        }
    }

    void pumpUntil(BooleanSupplier done) throws IOException {
        pumpUntil(done, Duration.ofSeconds(10), () -> { });
    }

    static byte[] readFully(SocketChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("EOF after " + buffer.position() + " of " + length + " bytes");
            }
        }
        return buffer.array();
    }

    @Override
    public void close() throws IOException {
        selector.close();
        server.close();
    }

    record Pair(SocketChannel client, EchoConnection server) {
    }
}
