package tcpecho.worker;

import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import tcpecho.common.wire.DropReason;
import tcpecho.common.wire.ListenerCounters;
import tcpecho.common.wire.ListenerDrops;

/**
 * One listener's counters, for the HEARTBEAT field {@code listeners}. Each connection holds a
 * reference to its listener's instance, so counting costs a field update, not a map lookup; the
 * worker's totals ({@link WorkerStats}) are sums of these, except open connections, which it keeps
 * too. Plain fields: only the event-loop thread touches them.
 * For a UDP listener {@code accepted} counts datagrams and {@code connections} stays 0.
 */
final class ListenerStats {
    private final String name;
    private final WorkerStats total;
    private final boolean datagrams;
    private long connections;
    private long accepted;
    private long bytesIn;
    private long bytesOut;
    private static final DropReason[] REASONS = DropReason.values();

    private final long[] drops = new long[REASONS.length];
    private final long[] dropsReported = new long[REASONS.length];
    /** The source of the latest drop, for the summary line: a reference kept, nothing allocated. */
    private SocketAddress lastDropFrom;

    ListenerStats(String name, boolean datagrams, WorkerStats total) {
        this.name = name;
        this.datagrams = datagrams;
        this.total = total;
    }

    void opened() {
        connections++;
        accepted++;
        total.opened();
    }

    void closed() {
        connections--;
        total.closed();
    }

    void received(long bytes) {
        bytesIn += bytes;
    }

    void sent(long bytes) {
        bytesOut += bytes;
    }

    /** A datagram of {@code bytes} arrived: counts as accepted, never as open. */
    void datagram(long bytes) {
        accepted++;
        received(bytes);
    }

    /** A datagram from {@code from} not answered, or a connection from it refused, for {@code reason}. */
    void dropped(DropReason reason, SocketAddress from) {
        drops[reason.ordinal()]++;
        lastDropFrom = from;
    }

    long drops(DropReason reason) {
        return drops[reason.ordinal()];
    }

    /**
     * {@code echo-udp 'u': dropped 12 datagram(s) since the last report: loop-port 10, own-socket 2
     * (last from /127.0.0.1:7)} ({@code listener 'e': refused 3 connection(s) ...} for TCP), or null
     * when none were: one line per heartbeat, never one per datagram or connection.
     */
    String takeDropSummary() {
        long total = 0;
        StringJoiner reasons = new StringJoiner(", ");
        for (int i = 0; i < drops.length; i++) {
            long fresh = drops[i] - dropsReported[i];
            dropsReported[i] = drops[i];
            if (fresh > 0) {
                total += fresh;
                reasons.add(REASONS[i].label() + " " + fresh);
            }
        }
        if (total == 0) {
            return null;
        }
        return (datagrams ? "echo-udp '" + name + "': dropped " + total + " datagram(s)"
                : "listener '" + name + "': refused " + total + " connection(s)")
                + " since the last report: " + reasons + " (last from " + lastDropFrom + ")";
    }

    ListenerDrops dropSnapshot() {
        Map<DropReason, Long> counts = new EnumMap<>(DropReason.class);
        for (int i = 0; i < drops.length; i++) {
            if (drops[i] > 0) {
                counts.put(REASONS[i], drops[i]);
            }
        }
        return new ListenerDrops(name, counts);
    }

    String name() {
        return name;
    }

    long accepted() {
        return accepted;
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }

    ListenerCounters snapshot() {
        return new ListenerCounters(name, connections, accepted, bytesIn, bytesOut);
    }
}
