package tcpecho.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A client that speaks for a balancer: it sends a PROXY protocol header of its own making, then data. */
final class ProxyClient {
    private ProxyClient() {
    }

    static byte[] v1(String client, int clientPort, String server, int serverPort) {
        boolean six = client.contains(":");
        return ("PROXY " + (six ? "TCP6 " : "TCP4 ") + client + " " + server + " " + clientPort + " " + serverPort + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A v2 PROXY command for TCP over IPv4. */
    static byte[] v2(String client, int clientPort, String server, int serverPort) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(28);
        header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0, 12});
        header.put(InetAddress.getByName(client).getAddress()).put(InetAddress.getByName(server).getAddress());
        header.putShort((short) clientPort).putShort((short) serverPort);
        return header.array();
    }

    /** The v2 LOCAL command a balancer's health check sends. */
    static byte[] v2Local() {
        return new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0, 0};
    }

    /** Sends {@code header} then {@code data} from {@code source} and returns what comes back, as many bytes as sent. */
    static byte[] echo(String source, int port, byte[] header, byte[] data) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(source), 0)) {
            return echo(socket, header, data);
        }
    }

    static byte[] echo(Socket socket, byte[] header, byte[] data) throws IOException {
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(header);
        socket.getOutputStream().write(data);
        return read(socket, data.length);
    }

    static byte[] read(Socket socket, int length) throws IOException {
        byte[] back = new byte[length];
        InputStream in = socket.getInputStream();
        for (int got = 0; got < back.length; ) {
            int n = in.read(back, got, back.length - got);
            if (n < 0) {
                throw new IOException("closed by the server after " + got + " bytes");
            }
            got += n;
        }
        return back;
    }

    /** True once the server has closed {@code socket} (EOF or a reset), waiting at most its read timeout. */
    static boolean closedByServer(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (IOException reset) {
            return !(reset instanceof java.net.SocketTimeoutException);
        }
    }
}
