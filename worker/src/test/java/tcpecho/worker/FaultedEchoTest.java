package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tcpecho.common.fault.Fault;
import tcpecho.common.fault.FaultStream;
import tcpecho.common.fault.FaultType;

/** A real loopback connection behind a latency fault, driven by the worker's selector and fault timers. */
class FaultedEchoTest {
    private static final int CAP = 16 * 1024;

    @Test
    void aFloodIntoALatencyFaultHoldsAtMostMaxUnsentAndIsEchoedInFullAndInOrder() throws Exception {
        IoContext io = IoContext.create(CAP, 1 << 20, TestDefaults.CONNECTION_LIMITS);
        FaultTimers timers = new FaultTimers();
        Fault latency = Fault.of(FaultType.LATENCY, FaultStream.DOWNSTREAM, null, 1, Map.of("latency", "20ms"));
        ListenerFaults faults = new ListenerFaults(List.of(latency), timers, new Random(1));
        try (Selector selector = Selector.open();
             ServerSocketChannel server = ServerSocketChannel.open()
                     .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
            SocketChannel accepted = server.accept();
            accepted.configureBlocking(false);
            FaultedEcho echo = FaultedEcho.open(accepted, Origin.of(accepted), selector, io, io.stats().listener("loopback", false),
                    TransportFactory.PLAIN, faults.plan().echo(), faults);
            byte[] data = new byte[1 << 20];
            new Random(2).nextBytes(data);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    client.write(ByteBuffer.wrap(data));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return Loopback.readFully(client, data.length);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            int maxHeld = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!reader.isDone()) {
                assertTrue(System.nanoTime() - deadline < 0, "not echoed within 30 s");
                // At most 100 ms: once the last echo is out nothing wakes the selector, and the reader
                // finishing on its own thread must still end the loop (it hung there 1 run in 3).
                long wait = EventLoop.timeoutMillis(timers.nanosUntilDue(System.nanoTime()));
                selector.select(EventLoop::dispatch, wait == 0 ? 100 : Math.min(wait, 100));
                timers.runTimers(System.nanoTime());
                maxHeld = Math.max(maxHeld, echo.heldBytes());
                assertTrue(io.budget().used() <= CAP, "budget holds " + io.budget().used());
            }
            writer.get(5, TimeUnit.SECONDS);
            assertArrayEquals(data, reader.get());
            assertTrue(maxHeld > 0 && maxHeld <= CAP, "held up to " + maxHeld + " bytes, max-unsent is " + CAP);
            echo.close("test done");
            assertEquals(0, io.budget().used(), "closing gives the held bytes back");
        }
    }
}
