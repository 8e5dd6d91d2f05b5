package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.Rate;
import tcpecho.common.wire.DropReason;

class UdpGuardTest {
    private static final long T0 = 1_000_000_000L;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static InetSocketAddress at(String address, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    private static OwnSockets own(InetSocketAddress... bound) throws Exception {
        return new OwnSockets(List.of(bound), Set.of(InetAddress.getByName("192.0.2.10")));
    }

    /** A listener's guard and source rate and the worker's cap, as the worker gets them. */
    private record Limits(boolean loopGuard, Rate perSource, Rate perWorker) {
    }

    private static UdpGuard guard(Limits limits, OwnSockets own) {
        return new UdpGuard(limits.loopGuard(), limits.perSource(), own, UdpGuard.workerCap(limits.perWorker(), T0));
    }

    @Test
    void aWildcardSocketIsOwnOnEveryLocalAddress() throws Exception {
        OwnSockets own = own(at("::", 7007));
        assertTrue(own.contains(at("127.0.0.1", 7007)));
        assertTrue(own.contains(at("127.3.4.5", 7007)));
        assertTrue(own.contains(at("::1", 7007)));
        assertTrue(own.contains(at("0.0.0.0", 7007)));
        assertTrue(own.contains(at("192.0.2.10", 7007)), "an interface address");
        assertFalse(own.contains(at("192.0.2.11", 7007)), "another host");
        assertFalse(own.contains(at("127.0.0.1", 7008)));
    }

    @Test
    void aSocketBoundToOneAddressIsOwnThereOnly() throws Exception {
        OwnSockets own = own(at("127.0.0.1", 7007), at("::1", 7009));
        assertTrue(own.contains(at("127.0.0.1", 7007)));
        assertFalse(own.contains(at("127.0.0.2", 7007)), "nothing of ours listens there: no loop");
        assertTrue(own.contains(at("::1", 7009)));
        assertFalse(own.contains(at("::1", 7007)));
    }

    @Test
    void dropsLoopPortsOwnSocketsAndAnswersTheRest() throws Exception {
        UdpGuard guard = guard(new Limits(TestDefaults.UDP_LOOP_GUARD, TestDefaults.UDP_RATE_PER_SOURCE, TestDefaults.UDP_RATE_PER_WORKER), own(at("0.0.0.0", 7007)));
        assertEquals(DropReason.LOOP_PORT, guard.check(at("127.0.0.1", 19), T0));
        assertEquals(DropReason.LOOP_PORT, guard.check(at("::1", 0), T0));
        assertEquals(DropReason.OWN_SOCKET, guard.check(at("127.0.0.1", 7007), T0));
        assertNull(guard.check(at("127.0.0.1", 40000), T0));
    }

    @Test
    void withoutTheLoopGuardOnlyOwnSocketsAreDropped() throws Exception {
        UdpGuard guard = guard(new Limits(false, Rate.OFF, Rate.OFF), own(at("0.0.0.0", 7)));
        assertNull(guard.check(at("127.0.0.1", 19), T0));
        assertEquals(DropReason.OWN_SOCKET, guard.check(at("127.0.0.1", 7), T0));
    }

    @Test
    void eachSourceGetsItsOwnRate() throws Exception {
        UdpGuard guard = guard(new Limits(true, Rate.parse("10/s"), Rate.OFF), own());
        InetSocketAddress a = at("127.0.0.2", 40000);
        assertNull(guard.check(a, T0), "burst of 10/s is 2");
        assertNull(guard.check(at("127.0.0.2", 40001), T0), "same address, other port: same bucket");
        assertEquals(DropReason.RATE_SOURCE, guard.check(a, T0));
        assertNull(guard.check(at("127.0.0.3", 40000), T0), "another source is not held back");
        assertNull(guard.check(a, T0 + SECOND / 10));
    }

    @Test
    void twoListenersShareTheWorkerCapButNotTheSourceBuckets() throws Exception {
        TokenBucket cap = new TokenBucket(10, 3, T0);
        UdpGuard a = new UdpGuard(true, Rate.parse("5/s"), own(), cap);
        UdpGuard b = new UdpGuard(true, Rate.parse("5/s"), own(), cap);
        InetSocketAddress source = at("127.0.0.2", 40000);
        assertNull(a.check(source, T0), "a's bucket for the source: burst 1");
        assertEquals(DropReason.RATE_SOURCE, a.check(source, T0));
        assertNull(b.check(source, T0), "b has a bucket of its own for the same source");
        assertNull(b.check(at("127.0.0.3", 40000), T0));
        assertEquals(DropReason.RATE_WORKER, b.check(at("127.0.0.4", 40000), T0), "the shared cap of 3 is used up");
    }

    @Test
    void theWorkerCapHoldsWhenEverySourceIsNew() throws Exception {
        UdpGuard guard = guard(new Limits(true, Rate.parse("100/s"), Rate.parse("50/s")), own());
        int answered = 0;
        for (int i = 0; i < 10_000; i++) {
            InetSocketAddress source = new InetSocketAddress(InetAddress.getByAddress(
                    new byte[] {127, (byte) (i >> 16), (byte) (i >> 8), (byte) i}), 40000);
            answered += guard.check(source, T0 + i * (SECOND / 10_000)) == null ? 1 : 0;
        }
        // One second of spraying: the burst (10) plus the rate (50).
        assertTrue(answered >= 59 && answered <= 60, "answered " + answered);
    }
}
