package tcpecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ChurnLoadTest {
    @Test
    void libraryChurnAgainstCorrectServerHasNoFailures() throws Exception {
        try (TestEchoServer server = TestEchoServer.correct()) {
            ChurnLoad load = ChurnLoad.start("127.0.0.1", server.port(), 300, 64);
            Thread.sleep(1000);
            ChurnLoad.Result r = load.stop();
            assertEquals(0, r.failureCount(), r.toString());
            assertTrue(r.successes() > 150, r.toString());
        }
    }

    @Test
    void refusedConnectionsAreCountedAsSuch() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ChurnLoad load = ChurnLoad.start("127.0.0.1", port, 100, 64);
        Thread.sleep(500);
        ChurnLoad.Result r = load.stop();
        assertTrue(r.failures().get(FailureKind.CONNECT_REFUSED) > 10, r.toString());
        assertEquals(0, r.successes());
    }

    @Test
    void remoteHostIsRefusedByTheLibrary() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChurnLoad.start("192.0.2.1", 7, 1, 64));
        assertTrue(e.getMessage().contains("not a loopback address"), e.getMessage());
    }
}
