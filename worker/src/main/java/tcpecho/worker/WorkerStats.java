package tcpecho.worker;

/**
 * The counters a worker reports in every HEARTBEAT. Plain fields, not atomics: only the event-loop
 * thread touches them.
 */
final class WorkerStats {
    private long connections;
    private long accepted;
    private long bytesIn;
    private long bytesOut;

    void opened() {
        connections++;
        accepted++;
    }

    void closed() {
        connections--;
    }

    void received(long bytes) {
        bytesIn += bytes;
    }

    void sent(long bytes) {
        bytesOut += bytes;
    }

    long connections() {
        return connections;
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
}
