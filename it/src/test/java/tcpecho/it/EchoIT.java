package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The echo service itself: byte-exact, under concurrency, and with a client that half-closes. */
class EchoIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void echoesOneMebibyteByteExact() throws Exception {
        MasterProcess master = masters.start();
        byte[] data = EchoClient.random(1 << 20, 1);

        assertArrayEquals(data, EchoClient.echo(master.port, data));
    }

    @Test
    void echoesTwoHundredConcurrentConnections() throws Exception {
        MasterProcess master = masters.start();
        int connections = 200;
        CountDownLatch allOpen = new CountDownLatch(connections);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                byte[] data = EchoClient.random(16 * 1024, 1000 + i);
                results.add(pool.submit(() -> {
                    try (EchoClient client = new EchoClient(master.port)) {
                        allOpen.countDown();
                        if (!allOpen.await(30, TimeUnit.SECONDS)) {
                            throw new AssertionError("not all connections opened within 30 s");
                        }
                        return java.util.Arrays.equals(data, client.exchange(data));
                    }
                }));
            }
            int correct = 0;
            for (Future<Boolean> result : results) {
                correct += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(connections, correct, "connections whose 16 KiB came back byte-exact");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void halfCloseGetsEveryByteBackThenEof() throws Exception {
        MasterProcess master = masters.start();
        byte[] data = EchoClient.random(100_000, 2);
        try (EchoClient client = new EchoClient(master.port)) {
            client.socket.getOutputStream().write(data);
            client.socket.shutdownOutput();

            // readToEof returns only at EOF (or fails on the 10 s read timeout).
            assertArrayEquals(data, client.readToEof());
        }
    }
}
