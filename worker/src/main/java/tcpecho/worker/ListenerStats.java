package tcpecho.worker;

import tcpecho.common.wire.ListenerCounters;

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
    private long connections;
    private long accepted;
    private long bytesIn;
    private long bytesOut;
    private long dropped;
    private long droppedReported;

    ListenerStats(String name, WorkerStats total) {
        this.name = name;
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

    /** A datagram that could not be echoed (send buffer full): UDP drops it rather than queueing. */
    void dropped() {
        dropped++;
    }

    /** Drops since the previous call, for one warning per heartbeat rather than one per datagram. */
    long takeNewDrops() {
        long fresh = dropped - droppedReported;
        droppedReported = dropped;
        return fresh;
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
