package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.ExitCodes;
import tcpecho.common.wire.Hello;
import tcpecho.common.wire.Draining;
import tcpecho.common.wire.Quit;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

/** The real worker JVM on a real inherited socket, driven over its real control socket. */
class WorkerProcessIT {
    private static final Duration SHORT = Duration.ofSeconds(5);
    private SpawnedWorker worker;

    @AfterEach
    void stopWorker() throws IOException {
        if (worker != null) {
            worker.close();
        }
    }

    private SpawnedWorker startReady(int slot) throws Exception {
        worker = SpawnedWorker.start(slot, "socket", 200);
        worker.acceptControl(Duration.ofSeconds(10));
        Message hello = worker.await(Verb.HELLO);
        assertEquals(new Hello(slot, 7, worker.process.pid()), Hello.decode(hello));
        worker.await(Verb.READY);
        return worker;
    }

    @Test
    void saysHelloAndReadyThenEchoesOneMebibyteExactly() throws Exception {
        startReady(2);
        try (SocketChannel client = worker.connect()) {
            byte[] data = random(1 << 20);
            assertArrayEquals(data, echo(client, data));
        }
        Message beat = worker.await(m -> m.is(Verb.HEARTBEAT) && m.getLong("bytes_out", 0) >= 1 << 20, SHORT);
        assertEquals(1 << 20, beat.getLong("bytes_in", 0));
        assertTrue(beat.getLong("accepted", 0) >= 1);
    }

    @Test
    void echoesOnHundredConcurrentConnections() throws Exception {
        startReady(1);
        List<SocketChannel> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                clients.add(worker.connect());
            }
            List<byte[]> sent = new ArrayList<>();
            for (SocketChannel client : clients) {
                byte[] data = random(16 * 1024 + sent.size());
                sent.add(data);
                client.write(ByteBuffer.wrap(data));
            }
            worker.await(m -> m.is(Verb.HEARTBEAT) && m.getLong("connections", 0) == 100, SHORT);
            for (int i = 0; i < clients.size(); i++) {
                assertArrayEquals(sent.get(i), Loopback.readFully(clients.get(i), sent.get(i).length), "connection " + i);
            }
        } finally {
            for (SocketChannel client : clients) {
                client.close();
            }
        }
        worker.await(m -> m.is(Verb.HEARTBEAT) && m.getLong("connections", -1) == 0, SHORT);
    }

    @Test
    void halfCloseGetsTheRestOfTheEchoThenEof() throws Exception {
        startReady(1);
        try (SocketChannel client = worker.connect()) {
            byte[] data = random(500_000);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    client.write(ByteBuffer.wrap(data));
                    client.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertArrayEquals(data, Loopback.readFully(client, data.length));
            writer.get(5, TimeUnit.SECONDS);
            assertEquals(-1, client.read(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void quitDrainsOpenConnectionsThenExitsZero() throws Exception {
        startReady(3);
        SocketChannel client = worker.connect();
        assertArrayEquals("before".getBytes(), echo(client, "before".getBytes()));
        worker.send(new Quit(10_000).encode());
        assertEquals(1, Draining.decode(worker.await(Verb.DRAINING)).connections());

        assertArrayEquals("during".getBytes(), echo(client, "during".getBytes()), "draining still echoes");
        assertTrue(worker.process.isAlive(), "must wait for the open connection");
        client.close();
        assertEquals(ExitCodes.OK, worker.awaitExit(SHORT));
        assertTrue(worker.output().contains("exiting: drained"), worker.output());
    }

    @Test
    void quitTimeoutClosesWhatIsStillOpen() throws Exception {
        startReady(1);
        try (SocketChannel client = worker.connect()) {
            echo(client, "x".getBytes());
            worker.send(new Quit(300).encode());
            assertEquals(ExitCodes.OK, worker.awaitExit(SHORT));
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "the worker closed the connection at exit");
        }
        assertTrue(worker.output().contains("drain timeout passed with 1 connection(s) open"), worker.output());
    }

    @Test
    void sigtermDrainsLikeQuit() throws Exception {
        startReady(1);
        worker.process.destroy();
        assertEquals(0, Draining.decode(worker.await(Verb.DRAINING)).connections());
        assertEquals(ExitCodes.OK, worker.awaitExit(SHORT));
    }

    @Test
    void terminateExitsAtOnce() throws Exception {
        startReady(1);
        try (SocketChannel client = worker.connect()) {
            echo(client, "x".getBytes());
            worker.send(Message.of(Verb.TERMINATE));
            assertEquals(ExitCodes.OK, worker.awaitExit(SHORT));
        }
    }

    @Test
    void exitsWithinOneSecondWhenTheMasterGoesAway() throws Exception {
        startReady(1);
        long start = System.nanoTime();
        worker.closeControl();
        assertEquals(ExitCodes.OK, worker.awaitExit(Duration.ofSeconds(1)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(worker.output().contains("exiting: master gone"), worker.output());
        System.out.println("worker exited " + millis + " ms after its control connection closed");
    }

    @Test
    void aDescriptorThatIsNotASocketIsFatal() throws Exception {
        worker = SpawnedWorker.start(1, "file", 200);
        worker.acceptControl(Duration.ofSeconds(10));
        assertEquals(ExitCodes.FATAL_CONFIG, worker.awaitExit(Duration.ofSeconds(10)));
        assertTrue(worker.output().contains("cannot use inherited listener fd 3 (3:echo:inet:test)"), worker.output());
    }

    private static byte[] echo(SocketChannel client, byte[] data) throws Exception {
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    client.write(buffer);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] back = Loopback.readFully(client, data.length);
        writer.get(5, TimeUnit.SECONDS);
        return back;
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }
}
