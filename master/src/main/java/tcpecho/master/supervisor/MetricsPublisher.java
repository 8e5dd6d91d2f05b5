package tcpecho.master.supervisor;

import java.util.function.Supplier;
import tcpecho.common.wire.FaultRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import tcpecho.master.BuildInfo;
import tcpecho.master.metrics.MetricsServer;
import tcpecho.master.metrics.MetricsSnapshot;
import tcpecho.master.metrics.Readiness;

/**
 * The supervisor thread's side of the metrics: a snapshot of the workers at most every
 * {@link #INTERVAL_NANOS}, handed to the HTTP thread by a volatile reference. Worker RSS is read
 * here, from /proc, so the worker itself does nothing for it, and only for pids not yet reaped
 * (a reaped pid may already be someone else's).
 */
final class MetricsPublisher implements AutoCloseable {
    private static final long INTERVAL_NANOS = 500_000_000L;

    private final MetricsServer server;
    private final LongSupplier clock;
    private final double startTimeSeconds = System.currentTimeMillis() / 1000.0;
    private long publishedAt;
    private boolean published;

    MetricsPublisher(LongSupplier clock) {
        this.clock = clock;
        this.server = new MetricsServer(clock);
    }

    /** Serves on {@code address} (null: off); false if that is where it already was; throws naming the address. */
    boolean listen(InetSocketAddress address) throws IOException {
        return listen(address, null);
    }

    /** As {@link #listen(InetSocketAddress)}, on {@code handedIn} if not null (a socket already listening there). */
    boolean listen(InetSocketAddress address, ServerSocketChannel handedIn) throws IOException {
        published = false;
        return server.listen(address, handedIn);
    }

    /** The endpoint's listening socket, or null when off. */
    ServerSocketChannel socket() {
        return server.socket();
    }

    /** What {@code /ready} answers from now on. */
    void readiness(Readiness now) {
        server.publish(now);
    }

    InetSocketAddress address() {
        return server.address();
    }

    /** Publishes a new snapshot if the metrics are on and the last one is older than the interval. */
    void maybePublish(Workers workers, List<ListenerBinding> listeners, long generation, long reloads,
                      long failedReloads, int workersWanted, Supplier<List<FaultRequest.Row>> faults) {
        long now = clock.getAsLong();
        if (server.address() == null || (published && now - publishedAt < INTERVAL_NANOS)) {
            return;
        }
        publishedAt = now;
        published = true;
        List<MetricsSnapshot.Worker> list = new ArrayList<>();
        for (WorkerProcess w : workers.all()) {
            list.add(new MetricsSnapshot.Worker(w.slot, w.pid, w.generation, w.stateLabel(), w.connections, w.accepted,
                    w.bytesIn, w.bytesOut, w.lastHeartbeat, residentBytes(w.pid)));
        }
        List<MetricsSnapshot.SlotRestarts> restarts = workers.slots().stream()
                .map(s -> new MetricsSnapshot.SlotRestarts(s.number, s.restarts)).toList();
        BuildInfo build = BuildInfo.current();
        server.publish(new MetricsSnapshot(build.version(), build.commit(), startTimeSeconds, generation, reloads,
                failedReloads, workersWanted, now, list, restarts, workers.totals(), workers.listenerTotals(listeners),
                StatusReport.faults(faults.get())));
    }

    /** VmRSS from /proc/PID/status (in kB there), or -1 if the process or the line is gone. */
    static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // a zombie has no VmRSS line; a process that vanished has no file
        }
        return -1;
    }

    @Override
    public void close() {
        server.close();
    }
}
