package tcpecho.worker;

import java.net.InetSocketAddress;
import tcpecho.common.launch.Rate;
import tcpecho.common.wire.DropReason;

/**
 * Decides, per datagram, whether a UDP listener may answer, and if not, why: one of our own sockets,
 * a source port known to loop, or a reply rate used up. One per UDP listener in each worker, with
 * that listener's {@code udp-loop-guard} and {@code udp-rate-per-source}; the per-worker bucket is
 * shared by all of them. The rates are therefore per worker (with N workers a source can get up to N
 * times {@code udp-rate-per-source}, as the kernel spreads sources over the workers' sockets by hash).
 * Nothing here allocates for a source already in the table.
 */
final class UdpGuard {
    /**
     * Sources whose buckets are remembered. 4096 buckets cost ~0.5 MB of the worker's 32 MiB heap;
     * a sprayer of more addresses than that meets the per-worker cap instead.
     */
    static final int SOURCES = 4096;

    private final boolean loopGuard;
    private final OwnSockets own;
    private final AddressTable<TokenBucket> perSource;
    private final TokenBucket perWorker;

    /** @param perWorker the worker's cap, shared with its other UDP listeners; null for none */
    UdpGuard(boolean loopGuard, Rate source, OwnSockets own, TokenBucket perWorker) {
        this.loopGuard = loopGuard;
        this.own = own;
        this.perSource = source.isOff() ? null : new AddressTable<>(SOURCES, (recycled, at) -> {
            if (recycled == null) {
                return new TokenBucket(source.perSecond(), source.burst(), at);
            }
            recycled.refillAll(at);
            return recycled;
        });
        this.perWorker = perWorker;
    }

    /** The bucket of {@code udp-rate-per-worker}, for every UDP listener of this worker; null when off. */
    static TokenBucket workerCap(Rate worker, long now) {
        return worker.isOff() ? null : new TokenBucket(worker.perSecond(), worker.burst(), now);
    }

    /** Null when the datagram from {@code sender} may be answered at {@code now}; else why not. */
    DropReason check(InetSocketAddress sender, long now) {
        if (own.contains(sender)) {
            return DropReason.OWN_SOCKET;
        }
        if (loopGuard && LoopPorts.contains(sender.getPort())) {
            return DropReason.LOOP_PORT;
        }
        if (perSource != null && !perSource.get(sender.getAddress(), now).tryTake(now)) {
            return DropReason.RATE_SOURCE;
        }
        if (perWorker != null && !perWorker.tryTake(now)) {
            return DropReason.RATE_WORKER;
        }
        return null;
    }
}
