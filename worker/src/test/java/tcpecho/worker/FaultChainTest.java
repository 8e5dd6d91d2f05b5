package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tcpecho.common.fault.Fault;
import tcpecho.common.fault.FaultStream;
import tcpecho.common.fault.FaultType;

/** The fault engine driven by a fake clock: every {@code now} is the test's, the timers are the worker's. */
class FaultChainTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long T0 = 1_000 * MS;

    private final FaultTimers timers = new FaultTimers();
    private final IoContext io = IoContext.create(1000, 1 << 20, TestDefaults.CONNECTION_LIMITS);
    private final Sink sink = new Sink();

    /** Records what the chain sends and does; {@code room} caps what one send takes, as a full socket does. */
    private final class Sink implements FaultChain.Sink {
        final List<Integer> sizes = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        int room = Integer.MAX_VALUE;
        long clock;
        String ended;
        boolean eofPassed;
        FaultChain chain;

        @Override
        public int send(ByteBuffer data) {
            int n = Math.min(room, data.remaining());
            data.position(data.position() + n);
            if (n > 0) {
                sizes.add(n);
                times.add(clock);
            }
            return n;
        }

        @Override
        public void end(boolean reset, String reason) {
            ended = (reset ? "reset: " : "close: ") + reason;
        }

        @Override
        public void passOnEof() {
            eofPassed = true;
        }

        @Override
        public void wake(long now) {
            try {
                chain.pump(now);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }

        int total() {
            return sizes.stream().mapToInt(Integer::intValue).sum();
        }
    }

    private FaultChain chain(Fault... faults) {
        sink.chain = FaultChain.of(List.of(faults), sink, timers, io, new Random(7), T0);
        return sink.chain;
    }

    /** A chain of {@code faults} that was offered {@code n} bytes and pumped once, at T0. */
    private FaultChain offeredAtT0(int n, Fault... faults) throws java.io.IOException {
        FaultChain chain = chain(faults);
        sink.clock = T0;
        chain.offer(bytes(n), T0);
        chain.pump(T0);
        return chain;
    }

    private static Fault fault(FaultType type, Map<String, String> attributes) {
        return Fault.of(type, FaultStream.DOWNSTREAM, null, 1, attributes);
    }

    /** Runs the worker's timers up to {@code until}, one due wake-up after another, as the loop would. */
    private void runUntil(long until) {
        for (long next = sink.clock + timers.nanosUntilDue(sink.clock); next - until <= 0;
             next = sink.clock + timers.nanosUntilDue(sink.clock)) {
            sink.clock = next;
            timers.runTimers(next);
            if (timers.nanosUntilDue(next) == Long.MAX_VALUE) {
                break;
            }
        }
        sink.clock = until;
    }

    private static ByteBuffer bytes(int n) {
        return ByteBuffer.allocate(n);
    }

    @Test
    void noFaultsMeansNoChain() {
        assertNull(FaultChain.of(List.of(), sink, timers, io, new Random(), T0));
    }

    @Test
    void latencyHoldsDataUntilItIsDueAndNotAMomentLonger() throws Exception {
        offeredAtT0(100, fault(FaultType.LATENCY, Map.of("latency", "200ms")));
        assertEquals(0, sink.total(), "nothing before the delay");
        assertEquals(200 * MS, timers.nanosUntilDue(T0));
        runUntil(T0 + 199 * MS);
        assertEquals(0, sink.total());
        runUntil(T0 + 200 * MS);
        assertEquals(List.of(100), sink.sizes);
        assertEquals(List.of(T0 + 200 * MS), sink.times);
        assertEquals(0, io.budget().used(), "sent bytes go back to the budget");
    }

    @Test
    void heldBytesStopReadingAtMaxUnsent() {
        FaultChain chain = chain(fault(FaultType.LATENCY, Map.of("latency", "1s")));
        assertEquals(1000, chain.room());
        chain.offer(bytes(600), T0);
        assertEquals(400, chain.room());
        chain.offer(bytes(400), T0);
        assertFalse(chain.wantsRead(), "max-unsent held: stop reading");
        assertEquals(0, chain.room());
        assertEquals(1000, io.budget().used());
        chain.release();
        assertEquals(0, io.budget().used());
    }

    @Test
    void limitDataPassesExactlyTheLimitThenCloses() throws Exception {
        FaultChain chain = chain(fault(FaultType.LIMIT_DATA, Map.of("bytes", "1000")));
        chain.offer(bytes(700), T0);
        chain.pump(T0);
        assertNull(sink.ended);
        chain.offer(bytes(700), T0);
        chain.pump(T0);
        assertEquals(1000, sink.total());
        assertEquals("close: limit_data_downstream: limit of 1000 bytes reached", sink.ended);
    }

    @Test
    void resetPeerAfterBytesResets() throws Exception {
        FaultChain chain = chain(fault(FaultType.RESET_PEER, Map.of("bytes", "10")));
        chain.offer(bytes(50), T0);
        chain.pump(T0);
        assertEquals(10, sink.total());
        assertEquals("reset: reset_peer_downstream: reset after 10 bytes", sink.ended);
    }

    @Test
    void resetPeerAfterTimeResetsAtTheDeadline() {
        chain(fault(FaultType.RESET_PEER, Map.of("timeout", "300ms")));
        runUntil(T0 + 299 * MS);
        assertNull(sink.ended);
        runUntil(T0 + 300 * MS);
        assertEquals("reset: reset_peer_downstream: reset after 300 ms", sink.ended);
    }

    @Test
    void timeoutDropsEverythingThenClosesAtItsTime() throws Exception {
        FaultChain chain = chain(fault(FaultType.TIMEOUT, Map.of("timeout", "1s")));
        chain.offer(bytes(100), T0);
        chain.pump(T0);
        assertEquals(0, sink.total());
        assertTrue(chain.wantsRead(), "dropped data is not held: reading goes on");
        runUntil(T0 + 1000 * MS);
        assertEquals("close: timeout_downstream: timeout after 1000 ms", sink.ended);
    }

    @Test
    void slicerCutsChunksWithinTheRangeWithTheDelayBetween() throws Exception {
        FaultChain chain = chain(fault(FaultType.SLICER,
                Map.of("average_size", "100", "size_variation", "20", "delay", "5ms")));
        sink.clock = T0;
        chain.offer(bytes(1000), T0);
        chain.pump(T0);
        runUntil(T0 + 1000 * MS);
        assertEquals(1000, sink.total());
        for (int i = 0; i < sink.sizes.size() - 1; i++) {
            int size = sink.sizes.get(i);
            assertTrue(size >= 80 && size <= 120, "chunk " + i + " is " + size + " bytes");
            assertEquals(5 * MS, sink.times.get(i + 1) - sink.times.get(i), "pause before chunk " + (i + 1));
        }
    }

    @Test
    void bandwidthPacesWritesToTheRate() throws Exception {
        // 1 KB/s: 1000 bytes take a second, written 50 at a time.
        offeredAtT0(1000, fault(FaultType.BANDWIDTH, Map.of("rate", "1")));
        assertEquals(50, sink.total(), "one write of 1/20 s");
        runUntil(T0 + 500 * MS);
        assertEquals(550, sink.total(), "at most the rate, plus the first write");
        runUntil(T0 + 950 * MS);
        assertEquals(1000, sink.total());
    }

    @Test
    void bandwidthKeepsItsRateWhenWakeUpsComeLateButBurstsNotAfterAStall() throws Exception {
        // 1 KB/s, every wake-up 5 ms late, as a busy selector loop is: the 20th write is due at
        // 950 ms and must not slip to 20 x 55 ms.
        FaultChain chain = offeredAtT0(1000, fault(FaultType.BANDWIDTH, Map.of("rate", "1")));
        for (long due = timers.nanosUntilDue(sink.clock); due != Long.MAX_VALUE
                && sink.clock + due + 5 * MS - (T0 + 960 * MS) <= 0; due = timers.nanosUntilDue(sink.clock)) {
            sink.clock += due + 5 * MS;
            timers.runTimers(sink.clock);
        }
        assertEquals(1000, sink.total(), "bytes written by 960 ms with late wake-ups");
        // Idle for 2 s, then more data: paced from now, not with the idle time as credit.
        sink.clock = T0 + 3_000 * MS;
        chain.offer(bytes(1000), sink.clock);
        chain.pump(sink.clock);
        runUntil(sink.clock + 500 * MS);
        assertEquals(1000 + 550, sink.total(), "at most the rate after a stall, plus the first write");
    }

    @Test
    void aFullSocketBlocksThePumpUntilWritable() throws Exception {
        FaultChain chain = chain(fault(FaultType.LATENCY, Map.of("latency", "0")));
        sink.room = 30;
        chain.offer(bytes(100), T0);
        chain.pump(T0);
        assertTrue(chain.blocked());
        assertEquals(70, chain.heldBytes());
        sink.room = Integer.MAX_VALUE;
        chain.pump(T0);
        assertFalse(chain.blocked());
        assertEquals(100, sink.total());
    }

    @Test
    void slowCloseDelaysTheEofByItsDelay() throws Exception {
        FaultChain chain = chain(fault(FaultType.SLOW_CLOSE, Map.of("delay", "250ms")));
        chain.offer(bytes(10), T0);
        chain.eof();
        chain.pump(T0);
        assertEquals(10, sink.total());
        assertFalse(sink.eofPassed);
        runUntil(T0 + 249 * MS);
        assertFalse(sink.eofPassed);
        runUntil(T0 + 250 * MS);
        assertTrue(sink.eofPassed);
    }

    @Test
    void cancelledWakeUpsAreCompactedAway() {
        for (int i = 0; i < 1000; i++) {
            FaultChain chain = chain(fault(FaultType.TIMEOUT, Map.of("timeout", "3600s")));
            chain.release();
        }
        assertTrue(timers.size() < 200, "heap holds " + timers.size() + " after 1000 closed connections");
    }
}
