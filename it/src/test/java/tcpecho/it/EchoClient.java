package tcpecho.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** A blocking echo client over real TCP to 127.0.0.1; every read has a deadline (SO_TIMEOUT). */
final class EchoClient implements AutoCloseable {
    static final int READ_TIMEOUT_MILLIS = 10_000;

    final Socket socket;

    EchoClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Connects, sends {@code data}, reads back as many bytes, closes; returns what came back. */
    static byte[] echo(int port, byte[] data) throws IOException {
        try (EchoClient client = new EchoClient(port)) {
            return client.exchange(data);
        }
    }

    /**
     * Sends {@code data} while reading the echo. Writing from another thread matters beyond the
     * socket buffers: a worker stops reading while its echo backlog is unread, so a client that
     * wrote everything before reading could block both sides forever.
     */
    byte[] exchange(byte[] data) throws IOException {
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(data);
                out.flush();
            } catch (IOException failed) {
                throw new java.io.UncheckedIOException(failed);
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "echo-writer");
            thread.setDaemon(true);
            thread.start();
        });
        byte[] received = readExactly(data.length);
        writer.join();
        return received;
    }

    byte[] readExactly(int length) throws IOException {
        byte[] received = new byte[length];
        InputStream in = socket.getInputStream();
        int total = 0;
        while (total < length) {
            int n = in.read(received, total, length - total);
            if (n < 0) {
                return Arrays.copyOf(received, total);
            }
            total += n;
        }
        return received;
    }

    /** Reads until the server closes its side; returns everything read. */
    byte[] readToEof() throws IOException {
        return socket.getInputStream().readAllBytes();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
