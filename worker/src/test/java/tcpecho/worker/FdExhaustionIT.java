package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tcpecho.common.wire.Verb;

/** A worker out of file descriptors (EMFILE) backs off instead of spinning, logs rarely, and recovers. */
class FdExhaustionIT {
    private static final int MAX_FILES = 128;
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

    @Test
    void outOfDescriptorsTheWorkerSleepsLogsOncePerSecondAndRecovers() throws Exception {
        worker = SpawnedWorker.start(1, "socket", 200, TestDefaults.CONNECTION_LIMITS, MAX_FILES);
        worker.acceptControl(Duration.ofSeconds(10));
        worker.await(Verb.READY);
        for (int i = 0; i < MAX_FILES + 50; i++) {
            clients.add(new Socket(InetAddress.getLoopbackAddress(), worker.port));
        }
        worker.await(m -> m.is(Verb.HEARTBEAT) && worker.output().contains("Too many open files"),
                Duration.ofSeconds(10));
        Thread.sleep(300);

        assertTrue(worker.process.isAlive(), "worker died out of fds:\n" + worker.output());
        long ticks = ConnectionLimitsIT.cpuTicks(worker.process.pid());
        int logged = count(worker.output(), "Too many open files");
        Thread.sleep(3000);
        assertTrue(worker.process.isAlive(), "worker died out of fds:\n" + worker.output());
        long used = ConnectionLimitsIT.cpuTicks(worker.process.pid()) - ticks;
        int loggedSince = count(worker.output(), "Too many open files") - logged;
        System.out.println("EMFILE: " + used + " CPU ticks and " + loggedSince + " log lines in 3 s");
        assertTrue(used < 30, "worker used " + used + " CPU ticks in 3 s out of fds");
        assertTrue(loggedSince <= 4, loggedSince + " EMFILE lines in 3 s:\n" + worker.output());

        for (Socket client : clients) {
            client.close();
        }
        clients.clear();
        worker.await(m -> m.is(Verb.HEARTBEAT) && m.getLong("connections", -1) == 0, Duration.ofSeconds(20));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), worker.port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("back".getBytes());
            assertArrayEquals("back".getBytes(), s.getInputStream().readNBytes(4));
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
