package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.ConnectionLimits;
import tcpecho.common.wire.Verb;

/** idle-timeout, send-reset and max-connections on the real worker JVM over real loopback sockets. */
class ConnectionLimitsIT {
    private SpawnedWorker worker;
    private final List<Socket> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    private void start(ConnectionLimits limits) throws Exception {
        worker = SpawnedWorker.start(1, "socket", 200, limits);
        worker.acceptControl(Duration.ofSeconds(10));
        worker.await(Verb.READY);
    }

    private Socket client() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), worker.port);
        s.setSoTimeout(5000);
        clients.add(s);
        return s;
    }

    private static void assertEchoes(Socket s, String text) throws IOException {
        byte[] data = text.getBytes();
        s.getOutputStream().write(data);
        assertArrayEquals(data, s.getInputStream().readNBytes(data.length), text);
    }

    @Test
    void idleTimeoutClosesASilentConnectionWithFinAndSaysWhyWhileABusyOneStays() throws Exception {
        start(new ConnectionLimits(1000, 0, true, false, false, 0));
        Socket silent = client();
        Socket busy = client();
        assertEchoes(silent, "hello");

        long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (silent.getInputStream().available() == 0 && System.nanoTime() < deadline) {
            assertEchoes(busy, "ping");
            Thread.sleep(200);
        }
        assertEquals(-1, silent.getInputStream().read(), "silent connection ends with FIN");
        assertEchoes(busy, "still served");
        worker.await(m -> m.is(Verb.HEARTBEAT) && m.getLong("connections", -1) == 1, Duration.ofSeconds(5));
        assertTrue(worker.output().contains("past idle-timeout"), worker.output());
    }

    @Test
    void sendResetClosesAnIdleConnectionWithRst() throws Exception {
        start(new ConnectionLimits(500, 0, true, false, true, 0));
        Socket silent = client();
        assertEchoes(silent, "x");

        SocketException reset = assertThrows(SocketException.class, () -> silent.getInputStream().read());

        assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
    }

    @Test
    void atMaxConnectionsTheWorkerStopsAcceptingWithoutSpinningAndResumesWhenOneCloses() throws Exception {
        start(new ConnectionLimits(0, 3, true, false, false, 0));
        List<Socket> first = List.of(client(), client(), client());
        for (Socket s : first) {
            assertEchoes(s, "in");
        }
        Socket queued = client();
        queued.getOutputStream().write('q');
        queued.setSoTimeout(500);
        assertThrows(SocketTimeoutException.class, () -> queued.getInputStream().read(), "not served at the limit");

        long ticks = cpuTicks(worker.process.pid());
        Thread.sleep(2000);
        long used = cpuTicks(worker.process.pid()) - ticks;
        // 200 ticks would be one core spinning; heartbeats and the JIT cost a few.
        assertTrue(used < 20, "worker used " + used + " CPU ticks in 2 s at the limit");

        first.get(0).close();
        queued.setSoTimeout(5000);
        assertEquals('q', queued.getInputStream().read(), "served once a slot freed");
        assertTrue(worker.output().contains("max-connections (3) reached"), worker.output());
    }

    @Test
    void withLingerTimeoutBytesAClientSendsAfterTheIdleCloseAreDroppedWithoutReset() throws Exception {
        start(new ConnectionLimits(1000, 0, true, false, false, 4000));
        Socket client = client();
        assertEchoes(client, "hello");
        assertEquals(-1, client.getInputStream().read(), "the idle close sends FIN");

        // Ten writes over a second, well inside the 4 s linger: the worker reads and drops them. A closed
        // socket would answer the first with RST, and the next write would fail (see the test below).
        for (int i = 0; i < 10; i++) {
            client.getOutputStream().write(new byte[1024]);
            Thread.sleep(100);
        }

        assertTrue(worker.output().contains("past idle-timeout, lingering up to 4000 ms"), worker.output());
    }

    @Test
    void withoutLingerTheSameLateBytesAreAnsweredWithReset() throws Exception {
        start(new ConnectionLimits(1000, 0, true, false, false, 0));
        Socket client = client();
        assertEchoes(client, "hello");
        assertEquals(-1, client.getInputStream().read(), "the idle close sends FIN");

        assertThrows(IOException.class, () -> writeUntilRefused(client, Duration.ofSeconds(3)));
    }

    @Test
    void aClientThatNeverClosesIsDroppedOnceLingerTimeoutPasses() throws Exception {
        start(new ConnectionLimits(1000, 0, true, false, false, 1000));
        Socket client = client();
        assertEchoes(client, "hello");
        assertEquals(-1, client.getInputStream().read(), "the idle close sends FIN");

        assertThrows(IOException.class, () -> writeUntilRefused(client, Duration.ofSeconds(6)));
    }

    /** Writes a byte every 50 ms until a write fails (reset or broken pipe) or {@code limit} passes. */
    private static void writeUntilRefused(Socket client, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            client.getOutputStream().write('x');
            Thread.sleep(50);
        }
    }

    /** utime + stime of the whole process, in clock ticks (proc(5), fields 14 and 15). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

}
