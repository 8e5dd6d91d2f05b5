package tcpecho.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A plain thread-per-connection echo server on 127.0.0.1:0; optionally flips the first byte of every connection. */
public final class TestEchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final boolean flipFirstByte;

    private TestEchoServer(boolean flipFirstByte) throws IOException {
        this.server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        this.flipFirstByte = flipFirstByte;
        Thread acceptor = new Thread(this::acceptLoop, "test-echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static TestEchoServer correct() throws IOException {
        return new TestEchoServer(false);
    }

    public static TestEchoServer flippingFirstByte() throws IOException {
        return new TestEchoServer(true);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> echo(s), "test-echo-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void echo(Socket s) {
        byte[] buf = new byte[16 * 1024];
        boolean first = true;
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (first && flipFirstByte) {
                    buf[0] ^= 0x01;
                }
                first = false;
                out.write(buf, 0, n);
            }
        } catch (IOException ignored) {
            // The client closed; that is how every connection ends.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
