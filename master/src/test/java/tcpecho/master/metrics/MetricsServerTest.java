package tcpecho.master.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metrics endpoint over real loopback sockets, with clients that stall the way attackers do. */
class MetricsServerTest {
    private static final String SCRAPE = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain\r\n\r\n";

    private final List<Socket> clients = new ArrayList<>();
    private final AtomicBoolean dripping = new AtomicBoolean(true);
    private MetricsServer server;

    @AfterEach
    void closeAll() throws IOException {
        dripping.set(false);
        for (Socket client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fiftyStalledClientsDoNotDelayAScrape() throws Exception {
        int port = start(new MetricsServer(System::nanoTime));
        for (int i = 0; i < 50; i++) {
            Socket client = connect(port);
            switch (i % 3) {
                case 0 -> client.getOutputStream().write('G');
                case 1 -> { }
                default -> client.getOutputStream().write("GET /metrics HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            }
        }
        Thread drip = new Thread(this::dripHeaderBytes, "slowloris");
        drip.setDaemon(true);
        drip.start();

        long started = System.nanoTime();
        String response = exchange(port, SCRAPE);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        assertTrue(response.contains("\r\n\r\n# HELP tcp_echo_build_info "), response);
        // The deadline checks the design (no client can hold the loop), not speed: today a scrape takes
        // about 10 ms; blocking on a stalled client instead would take the whole request timeout.
        assertTrue(tookMillis < 1000, "a scrape behind 50 stalled clients took " + tookMillis + " ms");
    }

    @Test
    void aClientThatNeverFinishesItsRequestIsClosedAtTheRequestTimeoutAndCounted() throws Exception {
        int port = start(new MetricsServer(System::nanoTime, limits(64, 8192, 300)));
        Socket idle = connect(port);
        Socket half = connect(port);
        half.getOutputStream().write('G');

        long started = System.nanoTime();
        assertEquals(-1, readUntilClosed(idle, Duration.ofSeconds(5)));
        assertEquals(-1, readUntilClosed(half, Duration.ofSeconds(5)));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertTrue(tookMillis >= 250 && tookMillis < 3000, "closed after " + tookMillis + " ms");
        String scrape = exchange(port, SCRAPE);
        assertTrue(scrape.contains("\ntcp_echo_metrics_http_dropped_total{reason=\"timeout\"} 2\n"), scrape);
    }

    @Test
    void whenEverySlotIsTakenTheOldestConnectionMakesRoom() throws Exception {
        int port = start(new MetricsServer(System::nanoTime, limits(8, 8192, 30_000)));
        for (int i = 0; i < 20; i++) {
            connect(port);
        }

        String scrape = exchange(port, SCRAPE);

        assertTrue(scrape.startsWith("HTTP/1.1 200 OK\r\n"), scrape);
        // 21 connections into 8 slots: the first 13 made room, the newest 8 (the scrape's own among them) stay.
        assertTrue(scrape.contains("\ntcp_echo_metrics_http_dropped_total{reason=\"evicted\"} 13\n"), scrape);
        for (int i = 0; i < 13; i++) {
            assertEquals(-1, readUntilClosed(clients.get(i), Duration.ofSeconds(5)), "client " + i);
        }
        for (int i = 13; i < 20; i++) {
            clients.get(i).setSoTimeout(200);
            int client = i;
            try {
                assertEquals(-2, clients.get(i).getInputStream().read(), "client " + client + " is still open");
            } catch (SocketTimeoutException stillOpen) {
                // what an open, unanswered connection does
            }
        }
    }

    @Test
    void aConnectionThatHasItsAnswerMakesRoomBeforeOneStillWaiting() throws Exception {
        int port = start(new MetricsServer(System::nanoTime, limits(8, 8192, 30_000)));
        Socket answered = connect(port);
        answered.getOutputStream().write(SCRAPE.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(-1, readUntilClosed(answered, Duration.ofSeconds(5)), "the answer ends with the server's FIN");
        for (int i = 0; i < 8; i++) {
            connect(port);
        }

        String scrape = exchange(port, SCRAPE);

        // The answered connection (lingering for our FIN) went first and is no loss; then, for the
        // scrape itself, the oldest of the 8 waiting ones.
        assertTrue(scrape.contains("\ntcp_echo_metrics_http_dropped_total{reason=\"evicted\"} 1\n"), scrape);
        assertEquals(-1, readUntilClosed(clients.get(1), Duration.ofSeconds(5)));
    }

    @Test
    void requestsOtherThanAScrapeGetTheirOwnStatus() throws Exception {
        int port = start(new MetricsServer(System::nanoTime));

        assertStatus("HTTP/1.1 404 Not Found", exchange(port, "GET / HTTP/1.1\r\n\r\n"));
        String post = exchange(port, "POST /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
        assertStatus("HTTP/1.1 405 Method Not Allowed", post);
        assertTrue(post.contains("\r\nAllow: GET, HEAD\r\n"), post);
        assertStatus("HTTP/1.1 400 Bad Request", exchange(port, "\u0016\u0003\u0001 hello\r\n\r\n"));
        assertStatus("HTTP/1.1 505 HTTP Version Not Supported", exchange(port, "GET /metrics HTTP/2.0\r\n\r\n"));
        assertStatus("HTTP/1.1 431 Request Header Fields Too Large",
                exchange(port, "GET /metrics HTTP/1.1\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n"));
        assertStatus("HTTP/1.1 431 Request Header Fields Too Large", exchange(port, "G" + "x".repeat(9000)));
    }

    @Test
    void headGetsTheHeadOfTheScrapeWithoutItsBodyAndHttp10IsServed() throws Exception {
        int port = start(new MetricsServer(System::nanoTime));

        String head = exchange(port, "HEAD /metrics?x=1 HTTP/1.1\r\n\r\n");
        String get = exchange(port, "GET /metrics HTTP/1.0\n\n");

        assertStatus("HTTP/1.1 200 OK", head);
        assertTrue(head.endsWith("\r\n\r\n"), head);
        assertStatus("HTTP/1.1 200 OK", get);
        assertTrue(head.contains("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"), head);
    }

    @Test
    void beforeTheFirstSnapshotAScrapeIsToldTheMasterIsStarting() throws Exception {
        server = new MetricsServer(System::nanoTime);
        server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        assertStatus("HTTP/1.1 503 Service Unavailable", exchange(server.address().getPort(), SCRAPE));
    }

    @Test
    void readyAnswers503UntilServingThen200ThenAt503OnceAStopBegins() throws Exception {
        int port = start(new MetricsServer(System::nanoTime));
        String ready = "GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

        String starting = exchange(port, ready);
        server.publish(Readiness.SERVING);
        String serving = exchange(port, ready);
        String head = exchange(port, "HEAD /ready?probe=1 HTTP/1.0\r\n\r\n");
        server.publish(Readiness.STOPPING);
        String stopping = exchange(port, ready);

        assertStatus("HTTP/1.1 503 Service Unavailable", starting);
        assertTrue(starting.endsWith("\r\n\r\nstarting: the workers are not all serving yet\n"), starting);
        assertStatus("HTTP/1.1 200 OK", serving);
        assertTrue(serving.endsWith("\r\n\r\nready\n"), serving);
        assertStatus("HTTP/1.1 200 OK", head);
        assertTrue(head.endsWith("\r\n\r\n"), head);
        assertStatus("HTTP/1.1 503 Service Unavailable", stopping);
        assertStatus("HTTP/1.1 405 Method Not Allowed", exchange(port, "POST /ready HTTP/1.1\r\n\r\n"));
    }

    private int start(MetricsServer metrics) throws IOException {
        server = metrics;
        server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.publish(PrometheusTextTest.SNAPSHOT);
        return server.address().getPort();
    }

    private static HttpLimits limits(int connections, int headBytes, long timeoutMillis) {
        long nanos = Duration.ofMillis(timeoutMillis).toNanos();
        return new HttpLimits(connections, headBytes, nanos, nanos, nanos);
    }

    private Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        clients.add(socket);
        return socket;
    }

    /** Slowloris: every third client sends one more header byte every 50 ms. */
    private void dripHeaderBytes() {
        while (dripping.get()) {
            for (int i = 2; i < clients.size(); i += 3) {
                try {
                    clients.get(i).getOutputStream().write('a');
                } catch (IOException closed) {
                    // the test is over, or the server dropped it: either way nothing to drip into
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    /** Sends {@code request}, reads the response until the server closes (at most 5 s). */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** What the first read returns once the server closes: -1 for EOF, within {@code limit}. */
    private static int readUntilClosed(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        InputStream in = socket.getInputStream();
        int b;
        while ((b = in.read()) >= 0) {
            // discard whatever the server said before closing
        }
        return b;
    }

    private static void assertStatus(String statusLine, String response) {
        assertTrue(response.startsWith(statusLine + "\r\n"), "expected " + statusLine + ", got: " + response);
    }
}
