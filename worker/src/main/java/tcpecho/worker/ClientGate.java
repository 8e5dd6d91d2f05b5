package tcpecho.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tcpecho.common.listener.ClientLimits;
import tcpecho.common.wire.DropReason;

/**
 * The per-client limits of one TCP listener in this worker, checked on the accept path:
 * {@code connect-rate-per-ip} (a token bucket per address) and {@code max-connections-per-ip}
 * (the address's open connections). Each worker enforces its share ({@link ClientLimits}).
 *
 * <p>Open connections are counted by keeping each admitted channel under its address and asking
 * the channel itself whether it is still open when the count matters, so no protocol has to report
 * its closes here and a close can never be missed or counted twice. Addresses whose channels have
 * all closed are swept out once a second and whenever the table reaches {@link #SWEEP_AT} (or twice
 * what the last sweep left, so that many clients with open connections do not make every accept
 * sweep): what is left then is one entry per address with an open connection, bounded by the
 * connections the worker holds (max-connections), not by how many addresses a client sprays. The
 * rate buckets live in an {@link AddressTable} of {@link #BUCKETS} addresses, the least recently
 * seen evicted.
 */
final class ClientGate {
    static final int SWEEP_AT = 4096;
    static final int BUCKETS = 4096;
    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

    private final int maxOpen;
    private final ListenerStats stats;
    private final boolean sendReset;
    private final AddressTable<TokenBucket> buckets;
    private final Map<InetAddress, List<SocketChannel>> open = new HashMap<>();
    private long sweptAt;
    private int sweepAtSize = SWEEP_AT;

    ClientGate(ClientLimits limits, ListenerStats stats, boolean sendReset, long now) {
        this.maxOpen = limits.connectionsPerWorker();
        this.stats = stats;
        this.sendReset = sendReset;
        this.buckets = limits.connectRate().isOff() ? null : new AddressTable<>(BUCKETS, (recycled, at) -> {
            if (recycled == null) {
                return new TokenBucket(limits.ratePerWorker(), limits.burstPerWorker(), at);
            }
            recycled.refillAll(at);
            return recycled;
        });
        this.sweptAt = now;
    }

    /** The gate, or null when {@code limits} are off: the accept path then costs nothing. */
    static ClientGate of(ClientLimits limits, ListenerStats stats, boolean sendReset, long now) {
        return limits.isOff() ? null : new ClientGate(limits, stats, sendReset, now);
    }

    /**
     * True when {@code client}, just accepted, is over its address's limits: it is then counted in
     * the listener's drops (the heartbeat's summary line logs them, never one line per connection)
     * and closed, with RST when send-reset is on.
     */
    boolean turnsAway(SocketChannel client, long now) {
        InetSocketAddress peer;
        try {
            peer = (InetSocketAddress) client.getRemoteAddress();
        } catch (IOException gone) {
            return false;
        }
        return turnsAway(client, peer, now);
    }

    /** As {@link #turnsAway(SocketChannel, long)} for a client whose address is {@code peer} (the original one behind a PROXY header). */
    boolean turnsAway(SocketChannel client, InetSocketAddress peer, long now) {
        if (peer == null) {
            return false;
        }
        DropReason reason = admit(client, peer.getAddress(), now);
        if (reason == null) {
            return false;
        }
        stats.dropped(reason, peer);
        Sockets.closeRefused(client, sendReset, peer);
        return true;
    }

    /** Null to admit {@code client} from {@code address} (it is counted from now on), else why it is refused. */
    DropReason admit(SocketChannel client, InetAddress address, long now) {
        if (buckets != null && !buckets.get(address, now).tryTake(now)) {
            return DropReason.CONNECT_RATE_PER_IP;
        }
        if (maxOpen == 0) {
            return null;
        }
        if (open.size() >= sweepAtSize || now - sweptAt >= SWEEP_EVERY_NANOS) {
            sweep(now);
        }
        List<SocketChannel> channels = open.computeIfAbsent(address, a -> new ArrayList<>(2));
        if (channels.size() >= maxOpen) {
            channels.removeIf(c -> !c.isOpen());
            if (channels.size() >= maxOpen) {
                return DropReason.MAX_CONNECTIONS_PER_IP;
            }
        }
        channels.add(client);
        return null;
    }

    /** Forgets closed channels, and addresses left without any. */
    void sweep(long now) {
        sweptAt = now;
        for (Iterator<List<SocketChannel>> it = open.values().iterator(); it.hasNext(); ) {
            List<SocketChannel> channels = it.next();
            channels.removeIf(c -> !c.isOpen());
            if (channels.isEmpty()) {
                it.remove();
            }
        }
        sweepAtSize = Math.max(SWEEP_AT, 2 * open.size());
    }

    /** Addresses in the open-connection table (for tests: its bound). */
    int addresses() {
        return open.size();
    }

    /** Addresses in the rate table. */
    int rateAddresses() {
        return buckets == null ? 0 : buckets.size();
    }
}
