package tcpecho.common.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code status}: the master builds it, {@code status --json} prints it, the CLI's
 * table, {@code start --daemon} and {@code upgrade} read it. Its JSON keys are the component names
 * in snake case ({@code uptimeS} is {@code uptime_s}), as README documents them; the master's
 * {@code StatusJson} is the one place that writes and reads that text.
 *
 * <p>Lists and maps missing from a document (a master that does not report them) read as empty.
 */
public record Status(Master master, List<Worker> workers, List<SlotDown> slotsDown, List<Listener> listeners,
                     List<ActiveFault> faults) {

    public Status {
        workers = orEmpty(workers);
        slotsDown = orEmpty(slotsDown);
        listeners = orEmpty(listeners);
        faults = orEmpty(faults);
    }

    /** Without faults. */
    public Status(Master master, List<Worker> workers, List<SlotDown> slotsDown, List<Listener> listeners) {
        this(master, workers, slotsDown, listeners, List.of());
    }

    /**
     * A fault on a listener served now. {@code origin}: {@code config} or {@code run-time};
     * {@code attributes} in Toxiproxy's units (ms, us, bytes, KB/s), as {@code fault list} shows them.
     */
    public record ActiveFault(String listener, String name, String type, String stream, String origin,
                              double toxicity, Map<String, Double> attributes) {
        public ActiveFault {
            attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }
    }

    /** The master process and its serving generation. {@code listeners}: each as {@code protocol endpoint}. */
    public record Master(long pid, long generation, long uptimeS, int workersWanted, long reloads, long failedReloads,
                         String controlSocket, List<String> listeners) {
        public Master {
            listeners = orEmpty(listeners);
        }
    }

    /** One live worker process, draining ones of older generations included. */
    public record Worker(int slot, long pid, long generation, String state, long connections, long accepted,
                         long bytesIn, long bytesOut, int restarts, long heartbeatAgeMs) {
        /** The {@code state} of a worker that serves: it has reported READY. */
        public static final String READY = "ready";

        public boolean ready() {
            return READY.equals(state);
        }
    }

    /** A slot of the serving generation without a worker: waiting to respawn, or given up on. */
    public record SlotDown(int slot, int restarts, String state, String reason) {
        /** The {@code state} of a slot whose worker will not be respawned (a crash loop, say). */
        public static final String FAILED = "failed";
        public static final String RESPAWNING = "respawning";

        public boolean failed() {
            return FAILED.equals(state);
        }
    }

    /**
     * One listener's counters summed over the live workers. {@code dropped}: by reason label, in
     * the order the master lists them.
     */
    public record Listener(String name, String protocol, String transport, String endpoint, long connections,
                           long accepted, long bytesIn, long bytesOut, Map<String, Long> dropped) {
        public Listener {
            dropped = dropped == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
        }

        public long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
